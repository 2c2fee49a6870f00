// Events written into a test's content tree, shared by the tests of registrations.
#pragma once

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

}  // namespace sentinella::test
