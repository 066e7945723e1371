-- Give every request an address the page cache has never seen, in this run or an earlier one
-- (the token starts from the clock), so each page is built from the database. The report is
-- report.lua's.
dofile("bench/report.lua")
math.randomseed(os.time())
local run = string.format("%d%06d", os.time(), math.random(0, 999999))
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&nocache=" .. run .. "-" .. counter)
end
