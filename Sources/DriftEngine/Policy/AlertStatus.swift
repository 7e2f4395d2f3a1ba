/// Whether an alert event opens (or re-notifies) an episode or closes it.
public enum AlertStatus: String, Codable, Sendable {
    case firing
    case resolved
}
