import CCurl

/// Translates an `HTTPClientRequest` into easy-handle options (loop thread).
enum CurlRequestSetup {
    static func configure(_ easy: UnsafeMutableRawPointer, for transfer: CurlTransfer, defaults: HTTPClientConfiguration) {
        let request = transfer.request
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = ccurl_easy_setopt_ptr(easy, CURLOPT_PRIVATE, context)
        _ = ccurl_easy_setopt_errorbuffer(easy, transfer.errorBuffer)
        _ = ccurl_easy_setopt_str(easy, CURLOPT_URL, request.url.absoluteString)
        _ = ccurl_easy_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_NOPROGRESS, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, (request.connectTimeout ?? defaults.connectTimeout).milliseconds)
        if transfer.isStream {
            // No total deadline for a stream: abort only after a silence of idleTimeout.
            let idle = request.idleTimeout ?? defaults.idleTimeout
            _ = ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, 0)
            _ = ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1)
            _ = ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, (idle.milliseconds + 999) / 1000))
            _ = ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        } else {
            _ = ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, (request.totalTimeout ?? defaults.totalTimeout).milliseconds)
        }

        switch request.method {
        case .get:
            _ = ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case .head:
            _ = ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        default:
            if request.method != .post {
                _ = ccurl_easy_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
            if !request.body.isEmpty || [.post, .put, .patch].contains(request.method) {
                _ = ccurl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
                if request.body.isEmpty {
                    _ = ccurl_easy_setopt_str(easy, CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    request.body.withUnsafeBytes { bytes in
                        // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, so binary bodies (NUL bytes) are fine.
                        _ = ccurl_easy_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!))
                    }
                }
            }
        }

        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers {
            list = ccurl_slist_append(list, value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if request.headers["Expect"] == nil { list = ccurl_slist_append(list, "Expect:") }
        if request.headers["Content-Type"] == nil { list = ccurl_slist_append(list, "Content-Type:") }
        transfer.headerList = list
        _ = ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        if request.headers["User-Agent"] == nil {
            _ = ccurl_easy_setopt_str(easy, CURLOPT_USERAGENT, defaults.userAgent)
        }

        _ = ccurl_easy_setopt_headerfn(easy) { pointer, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: pointer, count: size * count))
            return size * count
        }
        _ = ccurl_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, context)
        _ = ccurl_easy_setopt_writefn(easy) { pointer, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: size * count))
        }
        _ = ccurl_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, context)
    }
}
