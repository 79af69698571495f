namespace IommuSim.Scenarios.Metadata;

/// <summary>Suggests the intended word for a misspelt key or value, by edit distance.</summary>
internal static class DidYouMean
{
    /// <summary>
    /// The closest candidate to <paramref name="word"/> (case-insensitive optimal string alignment
    /// distance: insertions, deletions, substitutions and adjacent swaps), or null when none is close:
    /// at most a third of the longer word's length, between 1 and 3 edits. Among equally close
    /// candidates the one sharing the longest prefix wins (buffer_sz is buffer_size, not buffers), then
    /// the earlier one.
    /// </summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string lower = word.ToLowerInvariant();
        string? best = null;
        (int Distance, int Prefix) bestScore = (int.MaxValue, 0);
        foreach (var candidate in candidates)
        {
            int limit = Math.Clamp(Math.Max(word.Length, candidate.Length) / 3, 1, 3);
            // The distance is at least the difference in length: skip the table for words far apart (a 3 MB key).
            if (Math.Abs(word.Length - candidate.Length) > limit) continue;
            string other = candidate.ToLowerInvariant();
            int d = Distance(lower, other);
            if (d > limit) continue;
            int prefix = lower.AsSpan().CommonPrefixLength(other);
            if (d < bestScore.Distance || (d == bestScore.Distance && prefix > bestScore.Prefix))
            {
                best = candidate;
                bestScore = (d, prefix);
            }
        }
        return best;
    }

    /// <summary>" (did you mean 'x'?)" or the empty string; a long candidate (a name from the input) is cut.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } s ? $" (did you mean '{Excerpt.Of(s)}'?)" : "";

    private static int Distance(string a, string b)
    {
        // Three rolling rows of the dynamic-programming table; the extra one is for adjacent swaps.
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d = Math.Min(d, previous2[j - 2] + 1);
                current[j] = d;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
