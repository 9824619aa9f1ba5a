-- wrk script: cycles through the query mix, one API path per line of the file given after `--`,
-- each wrk thread starting at a different line.
local paths = {}
local next_index = 1

function init(args)
  local file = assert(io.open(args[1], "r"), "usage: wrk ... -- URLS_FILE")
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  next_index = (math.random(1, #paths) % #paths) + 1
end

function request()
  local path = paths[next_index]
  next_index = (next_index % #paths) + 1
  return wrk.format("GET", path)
end
