using System.Reflection;
using IommuSim.Devices;
using IommuSim.Model.Spec;
using IommuSim.Parameters;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// An abstract record base whose concrete record is chosen by the item's <c>type</c> key, e.g.
/// <c>DeviceSpec</c> with <c>type: dma-stream</c>. The kinds are the non-abstract subclasses in the
/// base's assembly that carry <see cref="SpecVariantAttribute"/>, ordered by their type name.
/// </summary>
internal sealed class VariantSpecType : SpecType
{
    private readonly Lazy<IReadOnlyList<RecordSpecType>> _kinds;

    public VariantSpecType(Type baseType) : base(baseType)
    {
        _kinds = new Lazy<IReadOnlyList<RecordSpecType>>(() => FindKinds(baseType));
        Noun = NounOf(baseType);
    }

    /// <summary>What an item is called in messages, from the base's name: DeviceSpec is "device".</summary>
    public string Noun { get; }

    /// <summary>The concrete records, by <c>type</c> value.</summary>
    public IReadOnlyList<RecordSpecType> Kinds => _kinds.Value;

    /// <summary>The accepted <c>type</c> values.</summary>
    public IEnumerable<string> TypeNames => Kinds.Select(k => k.VariantName!);

    public override string Expected => $"a mapping with a '{SpecTypes.TypeKey}' key, one of " + string.Join(", ", TypeNames);
    public override string Label => Noun;

    /// <summary>The record selected by <paramref name="typeName"/>, or null.</summary>
    public RecordSpecType? Find(string typeName) => Kinds.FirstOrDefault(k => k.VariantName == typeName);

    /// <summary>The record for a concrete CLR type (used when writing a bound value back).</summary>
    public RecordSpecType Of(Type concrete) => Kinds.First(k => k.ClrType == concrete);

    private static IReadOnlyList<RecordSpecType> FindKinds(Type baseType)
    {
        var kinds = baseType.Assembly.GetTypes()
            .Where(t => !t.IsAbstract && baseType.IsAssignableFrom(t))
            .Select(t => (Type: t, Name: t.GetCustomAttribute<SpecVariantAttribute>()?.TypeName))
            .Where(k => k.Name is not null)
            .OrderBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => new RecordSpecType(k.Type, k.Name))
            .ToList();
        if (kinds.Count == 0)
            throw new InvalidOperationException($"{baseType.Name} has no [SpecVariant] subclasses");
        return kinds;
    }

    private static string NounOf(Type baseType)
    {
        string name = baseType.Name;
        foreach (var suffix in new[] { "Spec", "Params" })
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length) name = name[..^suffix.Length];
        return EnumSpecType.KebabCase(name).Replace('-', ' ');
    }
}
