import Foundation

/// Runs a command that prints a Microsoft Entra access token (for example
/// `az account get-access-token --resource https://cognitiveservices.azure.com -o json`) and
/// caches the token until five minutes before it expires (45 minutes when no expiry is given).
actor AzureTokenSource {
    let command: String
    private var cached: (token: String, refreshAt: Date)?

    init(command: String) {
        self.command = command
    }

    /// A valid token, running the command when none is cached or the cached one is about to expire.
    func token() throws -> String {
        if let cached, cached.refreshAt > Date() { return cached.token }
        let (token, expiry) = try run()
        let refreshAt = expiry.map { $0.addingTimeInterval(-300) } ?? Date().addingTimeInterval(45 * 60)
        cached = (token, refreshAt)
        return token
    }

    private func run() throws -> (String, Date?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ModelError(kind: .notConfigured, message: "AZURE_OPENAI_AD_TOKEN_COMMAND could not be started: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ModelError(kind: .unauthorized, message: "AZURE_OPENAI_AD_TOKEN_COMMAND failed with exit status \(process.terminationStatus)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let token = object["accessToken"] as? String {
            var expiry: Date?
            if let epoch = object["expires_on"] as? Double { expiry = Date(timeIntervalSince1970: epoch) }
            if let epoch = (object["expires_on"] as? String).flatMap(Double.init) { expiry = Date(timeIntervalSince1970: epoch) }
            return (token, expiry)
        }
        guard !text.isEmpty, !text.contains(" ") else {
            throw ModelError(kind: .unauthorized, message: "AZURE_OPENAI_AD_TOKEN_COMMAND printed no token")
        }
        return (text, nil)
    }
}
