import ArgumentParser
import TemporalBackend

/// `--temporal-tls`, its CA, client certificate and key, server name, and `--temporal-api-key`:
/// how to reach a secured frontend such as Temporal Cloud. Each falls back to the `temporal`
/// CLI's variable of the same setting.
struct TemporalSecurityOptions: ParsableArguments {
    @Flag(name: .customLong("temporal-tls"),
          help: "Connect with TLS (default: $TEMPORAL_TLS; on by itself with an API key or any TLS file or name).")
    var tls = false

    @Option(name: .customLong("temporal-tls-ca-path"),
            help: ArgumentHelp("A PEM file of the CA certificates that sign the server's (default: $TEMPORAL_TLS_SERVER_CA_CERT_PATH, else the system's).", valueName: "file"))
    var caPath: String?

    @Option(name: .customLong("temporal-tls-cert-path"),
            help: ArgumentHelp("A PEM client certificate for mTLS (default: $TEMPORAL_TLS_CLIENT_CERT_PATH).", valueName: "file"))
    var certPath: String?

    @Option(name: .customLong("temporal-tls-key-path"),
            help: ArgumentHelp("The PEM private key of the client certificate (default: $TEMPORAL_TLS_CLIENT_KEY_PATH).", valueName: "file"))
    var keyPath: String?

    @Option(name: .customLong("temporal-tls-server-name"),
            help: ArgumentHelp("The name the server's certificate must carry, and the SNI (default: $TEMPORAL_TLS_SERVER_NAME, else the address's host).", valueName: "name"))
    var serverName: String?

    @Flag(name: .customLong("temporal-tls-disable-host-verification"),
          help: "Accept a server certificate of any name, as long as a trusted CA signed it (default: $TEMPORAL_TLS_DISABLE_HOST_VERIFICATION).")
    var disableHostVerification = false

    @Option(name: .customLong("temporal-api-key"),
            help: ArgumentHelp("An API key, sent as `authorization: Bearer KEY` (default: $TEMPORAL_API_KEY); turns TLS on unless TEMPORAL_TLS=false.", valueName: "key"))
    var apiKey: String?

    /// The flags as given; `TemporalSettings.resolve` adds the variables.
    var security: TemporalSecurity {
        TemporalSecurity(tls: tls, caPath: caPath, certPath: certPath, keyPath: keyPath, serverName: serverName,
                         disableHostVerification: disableHostVerification, apiKey: apiKey)
    }
}
