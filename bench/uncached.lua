-- Give every request a distinct query string so the page cache never answers: the cost of
-- rendering the page from the database. The report is report.lua's.
dofile("bench/report.lua")
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&nocache=" .. counter)
end
