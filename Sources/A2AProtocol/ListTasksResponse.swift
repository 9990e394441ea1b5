import JSONBytes

/// Result of `ListTasks`: one page, newest first. `nextPageToken` is empty on the last page.
public struct ListTasksResponse: Sendable, Hashable, Codable {
    public var tasks: [A2ATask]
    public var nextPageToken: String
    public var pageSize: Int
    public var totalSize: Int

    public init(tasks: [A2ATask], nextPageToken: String, pageSize: Int, totalSize: Int) {
        self.tasks = tasks
        self.nextPageToken = nextPageToken
        self.pageSize = pageSize
        self.totalSize = totalSize
    }
}

extension ListTasksResponse: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("nextPageToken", &first)
        writer.string(nextPageToken)
        writer.key("pageSize", &first)
        writer.int(pageSize)
        writer.key("tasks", &first)
        try writer.array(tasks) { writer, task in try task.write(to: &writer) }
        writer.key("totalSize", &first)
        writer.int(totalSize)
        writer.endObject()
    }
}
