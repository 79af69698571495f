using System.Reflection;
using System.Text;
using System.Text.Json;
using IommuSim.Parameters;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// An enum, its members spelt in kebab-case (<c>DmaLazy</c> is <c>dma-lazy</c>) unless a member
/// carries <see cref="SpecNameAttribute"/>. Matching is exact; near misses get a suggestion.
/// </summary>
internal sealed class EnumSpecType : ScalarSpecType
{
    private readonly Dictionary<string, object> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<object, string> _byValue = new();

    public EnumSpecType(Type enumType) : base(enumType)
    {
        var names = new List<string>();
        foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken))
        {
            string name = field.GetCustomAttribute<SpecNameAttribute>()?.Name ?? KebabCase(field.Name);
            object value = field.GetValue(null)!;
            _byName.Add(name, value);
            _byValue.TryAdd(value, name);
            names.Add(name);
        }
        Names = names;
    }

    /// <summary>The accepted spellings, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; }

    public override string Expected => "one of " + string.Join(", ", Names);
    public override string Label => string.Join(" | ", Names);

    public override bool TryParse(string text, out object? value, out string error)
    {
        error = "";
        if (_byName.TryGetValue(text.Trim(), out var v))
        {
            value = v;
            return true;
        }
        value = null;
        error = $"unknown value '{Excerpt.Of(text)}'{DidYouMean.Hint(text.Trim(), Names)}; expected {Expected}";
        return false;
    }

    public override string Format(object? value) => _byValue[value!];

    public override void WriteSchema(Utf8JsonWriter json, double min, double max)
    {
        json.WriteString("type", "string");
        json.WriteStartArray("enum");
        foreach (var n in Names) json.WriteStringValue(n);
        json.WriteEndArray();
    }

    /// <summary>PascalCase to kebab-case; an acronym stays one word (<c>DmaLazy</c> → dma-lazy, <c>IOTLBFlush</c> → iotlb-flush).</summary>
    internal static string KebabCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                bool afterLowerOrDigit = char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]);
                bool endsAcronym = char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (afterLowerOrDigit || endsAcronym) sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
