/// The activity type names the routing workflows use; they appear in the history.
public enum RoutingActivityName {
    public static let discoverAgents = "discover_agents"
    public static let renderClassifierPrompt = "render_classifier_prompt"
    public static let classify = "classify"
    public static let callAgent = "call_agent"
    public static let translate = "translate"
}
