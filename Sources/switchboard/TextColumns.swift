import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow

/// Left-aligns `text` in a column of `width`.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
