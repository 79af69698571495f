using System.Globalization;

namespace IommuSim.Scenarios.Sharding;

/// <summary>Which shard of how many: <c>--shard I/N</c>, I from 0 to N - 1 (as Slurm's array task ids and Kubernetes' completion indices count).</summary>
/// <param name="Index">This shard, from 0.</param>
/// <param name="Count">How many shards the run grid is cut into.</param>
internal readonly record struct ShardIndex(int Index, int Count)
{
    /// <summary>The most shards: more than a sweep of 10,000 variants needs, fewer than a job array's usual limit.</summary>
    public const int MaxCount = 10_000;

    /// <summary>Whether grid cell <paramref name="cell"/> (its place in the single run's outputs) is this shard's.</summary>
    public bool Holds(int cell) => cell % Count == Index;

    /// <summary>"I/N", as the option takes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Reads "I/N"; null with <paramref name="problem"/> ("what is wrong; expected what") otherwise.</summary>
    public static ShardIndex? Parse(string text, out string? problem)
    {
        problem = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                      && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            if (count is >= 1 and <= MaxCount && index < count) return new ShardIndex(index, count);
            problem = count is < 1 or > MaxCount
                ? string.Create(CultureInfo.InvariantCulture, $"{count} shards; expected 1 to {MaxCount:N0}")
                : string.Create(CultureInfo.InvariantCulture, $"shard {index} of {count}; expected a shard from 0 to {count - 1}");
            return null;
        }
        problem = "expected I/N, shard I (from 0) of N, e.g. --shard 0/4";
        return null;
    }
}
