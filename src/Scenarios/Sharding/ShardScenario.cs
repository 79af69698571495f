using System.Security.Cryptography;
using System.Text;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// What a sharded run ran, as the single run would load it: the file as the user named it and its text, the
/// command line's <c>--set</c>, <c>--seed</c> and <c>--variant</c>. Merge loads the same text again, so its outputs are
/// the single run's; <see cref="Sha256"/> tells shards of other scenarios, or of other changes, apart.
/// </summary>
internal sealed record ShardScenario(string Source, string Text, IReadOnlyList<string> Sets, ulong? Seed, IReadOnlyList<string> Variants)
{
    /// <summary>The SHA-256 of the file name (the resolved file names it), the text and the changes, each length-prefixed, in lower-case hex.</summary>
    public string Sha256
    {
        get
        {
            var identity = new StringBuilder();
            void Add(string part) => identity.Append(part.Length).Append(':').Append(part).Append('\n');
            Add(Path.GetFileName(Source));
            Add(Text);
            Add("sets");
            foreach (var s in Sets) Add(s);
            Add("seed");
            Add(Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            Add("variants");
            foreach (var v in Variants) Add(v);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())));
        }
    }
}
