-- Ask for a freshly built page on every request (Cache-Control: no-cache, as a browser's hard
-- reload does): the page cache builds it again from the library index and the database,
-- whatever copy it holds. The report is report.lua's.
dofile("bench/report.lua")
wrk.headers["Cache-Control"] = "no-cache"
