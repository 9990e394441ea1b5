import RoutingWorkflow
import Testing

/// What `workflow signal` refuses before sending to a routing run.
@Suite struct RoutingSignalCheckTests {
    @Test(arguments: [
        ("approve", "42", "must be an object"),
        ("approve", #""text""#, "must be an object"),
        ("approve", "[]", "must be an object"),
        ("reject", #"{"note":123}"#, "must be text"),
        ("approve", #"{"notes":"x"}"#, "unknown field 'notes'"),
        ("aprove", nil, "its signals are approve and reject"),
        ("", nil, "reads no signal ''"),
        ("approve", "{", "not valid JSON"),
    ])
    func badSignalsAreNamed(name: String, json: String?, problem: String) {
        let found = RoutingWorkflow.problem(withSignal: name, json: json)
        #expect(found?.contains(problem) == true, "\(found ?? "accepted")")
    }

    @Test(arguments: [("approve", nil), ("reject", #"{"note":"too long"}"#), ("approve", "{}"), ("approve", "null"),
                      ("approve", #"{"note":null}"#)] as [(String, String?)])
    func goodSignalsPass(name: String, json: String?) {
        #expect(RoutingWorkflow.problem(withSignal: name, json: json) == nil)
    }
}
