-- wrk script for `make bench-peers`: JSON-RPC SendMessage to an A2A 1.0 agent at "/".
--
--   wrk -t2 -c64 -d10s -s send_message.lua http://127.0.0.1:9301/ -- <run id>
--
-- Every request carries its own messageId (run id, thread, counter), so an agent that
-- deduplicates on messageId never answers from a previous request. A response counts as good
-- only with HTTP 200, a JSON Content-Type, a completed task and an artifact: JSON-RPC errors
-- come back as HTTP 200 too. The last line is one JSON object for the driver.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  run = args[1] or tostring(os.time())
  sent = 0
  bad = 0
end

function request()
  sent = sent + 1
  local body = string.format(
    '{"jsonrpc":"2.0","id":%d,"method":"SendMessage","params":{"message":' ..
    '{"messageId":"peer-%s-%d-%d","role":"ROLE_USER","parts":[{"text":"How many vacation days do I get?"}]}}}',
    sent, run, tid, sent)
  return wrk.format("POST", "/", {["Content-Type"] = "application/json", ["A2A-Version"] = "1.0"}, body)
end

function response(status, headers, body)
  local kind = headers["Content-Type"] or headers["content-type"] or ""
  if status ~= 200 or not string.find(kind, "application/json", 1, true)
     or not string.find(body, "TASK_STATE_COMPLETED", 1, true)
     or not string.find(body, '"artifacts"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("bad") end
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"errors":%d,"failed_checks":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    failed, latency:percentile(50), latency:percentile(99)))
end
