-- The requests of bench/load.sh and bench/compare_serve.sh (wrk -s): public pages of the bundled
-- content and the calendar feed, in turn.
local paths = {"/", "/moduli", "/moduli/usura", "/moduli/usura/come-funziona", "/eventi",
               "/eventi/calendario/2026/11", "/events.ics", "/aiuto"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
