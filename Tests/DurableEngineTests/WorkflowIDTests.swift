import DurableEngine
import Testing

/// Workflow IDs end up in tables, log lines and terminals: control characters are refused at
/// the start, where the user can still fix them.
@Suite struct WorkflowIDTests {
    @Test(arguments: ["a\nb", "esc\u{1B}[31m", "tab\there", "del\u{7F}", "c1\u{85}", ""])
    func anIDWithControlCharactersOrNoneIsRefused(id: String) throws {
        let client = WorkflowClient(store: try WorkflowStore(path: temporaryStorePath()))
        let error = #expect(throws: StoreError.self) { try client.start(TwoStep.self, input: 1, id: id) }
        #expect(error?.description.contains(id.isEmpty ? "1 to 1000" : "control characters") == true)
        #expect(try client.list().records.isEmpty)
    }

    @Test func printableIDsOfAnyScriptAreFine() throws {
        let client = WorkflowClient(store: try WorkflowStore(path: temporaryStorePath()))
        for id in ["q-42", "frage-ä/ß", "問題 1", String(repeating: "x", count: 1000)] {
            try client.start(TwoStep.self, input: 1, id: id)
        }
        #expect(try client.list().records.count == 4)
    }
}
