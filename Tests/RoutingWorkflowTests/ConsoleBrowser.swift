import AgentTesting
import Foundation

/// Drives Debian's Chromium (headless, through chromedriver) with selenium from the test venv
/// (`SWITCHBOARD_PYTHON`; `make browser-deps` installs all three). Each scenario is a run of
/// the script below against a console URL; it prints progress lines and, last, a JSON object
/// with what it saw. Screenshots go to `.build/test-artifacts/console/`.
enum ConsoleBrowser {
    static let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static let chromium = "/usr/bin/chromium", chromedriver = "/usr/bin/chromedriver"

    /// Why the browser tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        guard let python else { return "SWITCHBOARD_PYTHON is not set (make test sets it)" }
        for file in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: file) {
            return "\(file) is missing (apt-get install chromium chromium-driver; make browser-deps)"
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import selenium"]
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch { return "cannot run \(python): \(error)" }
        check.waitUntilExit()
        return check.terminationStatus == 0 ? nil : "selenium is not installed in \(python)'s venv (make browser-deps)"
    }()

    static var available: Bool {
        if let unavailableReason { print("browser tests skipped: \(unavailableReason)") }
        return unavailableReason == nil
    }

    static let artifacts = repositoryRoot.appendingPathComponent(".build/test-artifacts/console")

    /// Starts `scenario` against `baseURL` with `arguments`.
    static func launch(_ scenario: String, baseURL: String, _ arguments: [String] = []) throws -> LaunchedProcess {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let scriptURL = try temporaryDirectory().appendingPathComponent("console_browser.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        return try LaunchedProcess("browser \(scenario)", executable: URL(fileURLWithPath: python ?? "python3"),
                                   arguments: [scriptURL.path, scenario, baseURL, artifacts.path] + arguments,
                                   environment: ["CHROMIUM": chromium, "CHROMEDRIVER": chromedriver])
    }

    /// Runs `scenario` to its end and returns the JSON object it printed last.
    static func run(_ scenario: String, baseURL: String, _ arguments: [String] = []) async throws -> [String: Any] {
        let browser = try launch(scenario, baseURL: baseURL, arguments)
        return try await result(of: browser)
    }

    static func result(of browser: LaunchedProcess) async throws -> [String: Any] {
        let status = try await browser.exitStatus(timeout: .seconds(120))
        guard status == 0, let line = browser.standardOutput.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestFailure("the browser scenario failed (\(status)): \(browser.text.suffix(3000))")
        }
        return object
    }

    static let script = #"""
    import json, os, sys
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    scenario, base, shots, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    options = Options()
    options.binary_location = os.environ["CHROMIUM"]
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(os.environ["CHROMEDRIVER"]), options=options)

    def wait(condition, timeout=30):
        def safe(d):
            try:
                return condition(d)
            except Exception:
                return False
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(safe)

    def text(selector):
        return driver.find_element(By.CSS_SELECTOR, selector).text

    def ask(question, approval=False):
        driver.get(base + "/ask")
        driver.find_element(By.NAME, "question").send_keys(question)
        if approval:
            driver.find_element(By.NAME, "approval").click()
        driver.find_element(By.CSS_SELECTOR, "#ask-form button").click()
        wait(lambda d: "/workflow?id=" in d.current_url)

    result = {}
    try:
        if scenario == "list-live":
            driver.get(base + "/")
            wait(lambda d: text("#live-status") == "live")
            driver.execute_script("window.notReloaded = true")
            print("loaded", flush=True)
            wait(lambda d: args[0] in text("main"))
            result["reloaded"] = driver.execute_script("return window.notReloaded !== true")
            result["rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#workflows tbody tr"))
            driver.save_screenshot(shots + "/list.png")
        elif scenario == "timeline":
            driver.set_window_size(1280, 1700)
            driver.get(base + "/workflow?id=" + args[0])
            wait(lambda d: text("#live-status") == "live")
            # One read in the page: the live region may be replaced between two element lookups.
            seen = driver.execute_script(
                "const svg = document.querySelector('svg.timeline');"
                "return {rows: [...svg.querySelectorAll('text.label')].map(e => e.textContent),"
                " retries: [...svg.querySelectorAll('rect.retry title')].map(e => e.textContent),"
                " visible: svg.getBoundingClientRect().width > 0};")
            result.update(seen)
            driver.save_screenshot(shots + "/workflow.png")
        elif scenario == "approve":
            ask(args[0], approval=True)
            wait(lambda d: d.find_element(By.ID, "approve-form").is_displayed())
            result["draft"] = text("#draft")
            driver.find_element(By.NAME, "note").send_keys("checked by the browser test")
            driver.find_element(By.CSS_SELECTOR, "#approve-form button[value=approve]").click()
            wait(lambda d: "approved" in text("#answer"))
            result["answer"] = text("#answer")
            result["status"] = text("dl.summary .status")
        elif scenario == "ask":
            ask(args[0])
            wait(lambda d: d.find_element(By.ID, "answer").is_displayed())
            result["answer"] = text("#answer")
            result["steps"] = text("ol.steps")
            result["url"] = driver.current_url
        elif scenario == "xss":
            driver.execute_script("window.xss = undefined")
            ask(args[0])
            wait(lambda d: d.find_element(By.ID, "answer").is_displayed())
            result["question"] = text("p.question")
            result["xss"] = driver.execute_script("return window.xss === undefined ? null : String(window.xss)")
            result["images"] = len(driver.find_elements(By.TAG_NAME, "img"))
            result["scripts"] = len(driver.find_elements(By.CSS_SELECTOR, "main script"))
        elif scenario == "phone":
            driver.set_window_size(390, 844)
            widths = {}
            for page in ["/", "/workflow?id=" + args[0], "/ask", "/agents"]:
                driver.get(base + page)
                wait(lambda d: d.execute_script("return document.readyState") == "complete")
                widths[page] = driver.execute_script(
                    "return [document.documentElement.scrollWidth, window.innerWidth]")
            result["widths"] = widths
            driver.get(base + "/workflow?id=" + args[0])
            driver.save_screenshot(shots + "/workflow-phone.png")
        elif scenario == "csrf":
            driver.get(base + "/")
            result["status"] = driver.execute_script(
                "return fetch('/actions/cancel', {method: 'POST', headers: {'Content-Type': "
                "'application/x-www-form-urlencoded'}, body: 'id=' + encodeURIComponent(arguments[0])}).then(r => r.status)",
                args[0])
    finally:
        driver.quit()
    print(json.dumps(result), flush=True)
    """#
}
