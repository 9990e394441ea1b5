import DurableEngine
import RoutingWorkflow

extension WorkflowPage {
    /// Approve and reject (at the approval gate), cancel, and terminate behind a confirmation.
    /// Every form posts the CSRF token.
    func actions(_ snapshot: WorkflowPage.Snapshot) -> String {
        let csrf = "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrfToken))\">"
            + "<input type=\"hidden\" name=\"id\" value=\"\(HTML.escape(workflowID))\">"
        var html = "<h2>Actions</h2>"
        let decided = snapshot.events?.contains {
            $0.eventType == .workflowExecutionSignaled
                && [RoutingWorkflow.approveSignal, RoutingWorkflow.rejectSignal].contains($0.attributes.signalName ?? "")
        } ?? false
        if let draft = snapshot.draft, !decided {
            html += """
                <p class="notice">This answer waits for approval.</p>
                <h3>Draft (query <code>draft</code>)</h3><div class="answer" id="draft">\(HTML.escape(draft))</div>
                """
        }
        html += "<div class=\"actions\">"
        if snapshot.draft != nil, !decided {
            html += """
                <form method="post" action="/actions/approve" id="approve-form">\(csrf)\
                <label>Note<textarea name="note" maxlength="2000"></textarea></label>\
                <button type="submit" name="decision" value="approve">Approve</button>\
                <button type="submit" class="secondary" formaction="/actions/reject">Reject</button></form>
                """
        }
        html += """
            <form method="post" action="/actions/cancel" id="cancel-form">\(csrf)\
            <p>Cancel: the workflow sees the request at its next step and ends as canceled.</p>\
            <button type="submit" class="secondary">Cancel workflow</button></form>
            <form method="post" action="/actions/terminate" id="terminate-form" data-confirm="Terminate this workflow now?">\(csrf)\
            <p>Terminate: ends the run at once, without running more workflow code.</p>\
            <label><span><input type="checkbox" name="confirm" value="yes" required> I understand</span></label>\
            <label>Reason<input type="text" name="reason" maxlength="500"></label>\
            <button type="submit" class="danger">Terminate</button></form>
            """
        return html + "</div>"
    }
}
