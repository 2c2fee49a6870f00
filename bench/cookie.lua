-- The requests of bench/personal.sh (wrk -s): GET the path given on wrk's command line, with the
-- session cookie from the environment variable SENTINELLA_COOKIE when it is set (a person signed in).
local cookie = os.getenv("SENTINELLA_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = "sentinella_session=" .. cookie
end
