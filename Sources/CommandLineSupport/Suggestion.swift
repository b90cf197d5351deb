/// "Did you mean" for mistyped tier and stack names.
public enum Suggestion {
    /// The candidate closest to `input` by edit distance, when it is close
    /// enough to be a plausible typo (or `input` is a prefix of it).
    public static func closest(to input: String, among candidates: [String]) -> String? {
        let needle = input.lowercased()
        // "todo" for "todo-api", and "golang" for "go".
        if !needle.isEmpty, let prefixed = candidates.first(where: {
            $0.hasPrefix(needle) || ($0.count >= 2 && needle.hasPrefix($0.lowercased()))
        }) {
            return prefixed
        }
        let scored = candidates.map { (candidate: $0, distance: editDistance(needle, $0.lowercased())) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        let tolerance = max(2, best.candidate.count / 3)
        return best.distance <= tolerance ? best.candidate : nil
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
