/// A parsed HTTP+JSON route.
enum RESTRoute: Equatable {
    case send, stream, listTasks, extendedCard, pushConfig
    case getTask(String), cancel(String), subscribe(String)
    case wrongMethod(allow: String)

    init?(method: String, path: String) {
        let path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        func only(_ allowed: String, _ route: RESTRoute) -> RESTRoute {
            method == allowed ? route : .wrongMethod(allow: allowed)
        }
        switch path {
        case "/message:send": self = only("POST", .send)
        case "/message:stream": self = only("POST", .stream)
        case "/tasks": self = only("GET", .listTasks)
        case "/extendedAgentCard": self = only("GET", .extendedCard)
        default:
            guard path.hasPrefix("/tasks/") else { return nil }
            let rest = path.dropFirst("/tasks/".count)
            if rest.containsBytes(of: "/pushNotificationConfigs") {
                self = .pushConfig
                return
            }
            // Characters, not strings: see StringProtocol+PlainText.swift.
            guard !rest.isEmpty, !rest.contains("/" as Character) else { return nil }
            if rest.hasSuffix(":cancel") {
                let id = String(rest.dropLast(":cancel".count))
                guard !id.isEmpty else { return nil }
                self = only("POST", .cancel(id))
            } else if rest.hasSuffix(":subscribe") {
                let id = String(rest.dropLast(":subscribe".count))
                guard !id.isEmpty else { return nil }
                self = method == "GET" || method == "POST" ? .subscribe(id) : .wrongMethod(allow: "GET, POST")
            } else if rest.contains(":" as Character) {
                return nil
            } else {
                self = only("GET", .getTask(String(rest)))
            }
        }
    }
}
