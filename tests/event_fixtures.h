// Events written into a test's content tree, shared by the tests of registrations.
#pragma once

#include <string>

namespace sentinella::test {

// events/2030/serata-di-prova.md: one place, in the future, open to everyone.
inline const char* const kOnePlaceEvent =
    "---\ntitle: Serata di prova\ntype: incontro\nstart: 2030-01-10 18:00\nend: 2030-01-10 20:00\n"
    "location:\n  name: Sala\naudience:\n  - pubblico\norganizer: Comune\ncapacity: 1\nregistration: true\n"
    "---\nUn incontro.\n";

// events/2030/corso-riservato.md: a course for social workers only.
inline const char* const kSocialWorkersCourse =
    "---\ntitle: Corso riservato\ntype: incontro\nstart: 2030-02-10 09:00\nend: 2030-02-10 13:00\n"
    "location:\n  name: Sala\naudience:\n  - servizi-sociali\norganizer: Comune\nregistration: true\n---\nCorso.\n";

// `meetings:` of a course of three meetings in December 2026 in Europe/Rome: 4 h, 3.5 h, 4 h. The
// last line is the third meeting's end, so its own `location:` may follow.
inline const std::string kThreeMeetings =
    "meetings:\n"
    "  - start: 2026-12-01 09:00\n    end: 2026-12-01 13:00\n"
    "  - start: 2026-12-10 09:00\n    end: 2026-12-10 12:30\n"
    "  - start: 2026-12-15 14:00\n    end: 2026-12-15 18:00\n";

// events/2030/corso.md: two meetings of 4 h in March 2030, the second elsewhere; module alfa (for
// polizia-locale).
inline const char* const kPoliceCourse2030 =
    "---\ntitle: Corso per la polizia locale\ntype: formazione\n"
    "meetings:\n"
    "  - start: 2030-03-05 09:00\n    end: 2030-03-05 13:00\n"
    "  - start: 2030-03-12 09:00\n    end: 2030-03-12 13:00\n"
    "    location:\n      name: Comando di polizia locale\n"
    "modules: [alfa]\n"
    "location:\n  name: Sala dei Quadri\naudience: [polizia-locale]\norganizer: Comune di Prova\n---\nIl corso.\n";
// events/2026/corso.md: the three meetings above (4 h, 3.5 h, 4 h), module alfa (for
// polizia-locale), open for registration.
inline const std::string kThreeMorningsCourse =
    "---\ntitle: Corso in tre mattine\ntype: formazione\n" + kThreeMeetings +
    "modules:\n  - alfa\n"
    "location:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune di Prova\nregistration: true\n"
    "---\nIl corso.\n";

}  // namespace sentinella::test
