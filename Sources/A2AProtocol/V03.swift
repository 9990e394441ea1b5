import Foundation

/// The A2A 0.3 wire shapes (kind-discriminated, lowercase enums), with conversion to and from 1.0.
public enum V03 {}
