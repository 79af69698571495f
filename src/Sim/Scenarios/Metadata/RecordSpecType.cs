using System.Reflection;
using IommuSim.Parameters;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// A spec or parameter record written as a YAML mapping: its [Param] properties, base-class keys
/// first, each in declaration order. Built lazily so that records may refer to each other.
/// </summary>
internal sealed class RecordSpecType : SpecType
{
    private readonly Lazy<Shape> _shape;

    public RecordSpecType(Type clrType, string? variantName = null) : base(clrType)
    {
        VariantName = variantName;
        _shape = new Lazy<Shape>(() => Shape.Of(clrType));
    }

    /// <summary>The value of <c>type</c> that selects this record in a polymorphic list; null otherwise.</summary>
    public string? VariantName { get; }

    /// <summary>The keys, base class first.</summary>
    public IReadOnlyList<SpecParam> Params => _shape.Value.Params;

    /// <summary>The keys as written, including <c>type</c> for a variant, for messages and suggestions.</summary>
    public IReadOnlyList<string> Keys => _shape.Value.Keys(VariantName);

    /// <summary>Whether the record checks rules across its keys after binding.</summary>
    public bool IsValidatable => typeof(IValidatableSpec).IsAssignableFrom(ClrType);

    public override string Expected => "a mapping with keys " + string.Join(", ", Keys);
    public override string Label => "section";

    /// <summary>The key <paramref name="key"/>, or null.</summary>
    public SpecParam? Find(string key) => _shape.Value.ByKey.GetValueOrDefault(key);

    /// <summary>A fresh record with every default.</summary>
    public object Create() => Activator.CreateInstance(ClrType)!;

    private sealed class Shape
    {
        private Shape(IReadOnlyList<SpecParam> all)
        {
            Params = all;
            ByKey = all.ToDictionary(p => p.Key, StringComparer.Ordinal);
        }

        public IReadOnlyList<SpecParam> Params { get; }
        public Dictionary<string, SpecParam> ByKey { get; }

        public IReadOnlyList<string> Keys(string? variantName) =>
            variantName is null ? Params.Select(p => p.Key).ToList() : [SpecTypes.TypeKey, .. Params.Select(p => p.Key)];

        public static Shape Of(Type type)
        {
            object defaults = Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor to be a scenario record");
            var all = new List<SpecParam>();
            // Base-class keys first (a device's name before its kind's keys), each in declaration order.
            foreach (var declaring in Hierarchy(type))
            {
                var declared = declaring
                    .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .OrderBy(p => p.MetadataToken);
                foreach (var property in declared)
                {
                    var attribute = property.GetCustomAttribute<ParamAttribute>();
                    if (attribute is null) continue;
                    if (property.SetMethod is null)
                        throw new InvalidOperationException($"{type.Name}.{property.Name} has [Param] but no init accessor");
                    if (attribute.Key == SpecTypes.TypeKey)
                        throw new InvalidOperationException($"{type.Name}.{property.Name}: the key 'type' is reserved for variant selection");
                    if (all.Any(p => p.Key == attribute.Key))
                        throw new InvalidOperationException($"{type.Name} declares the key '{attribute.Key}' twice");
                    all.Add(new SpecParam(property, attribute, SpecTypes.Of(property.PropertyType, $"{type.Name}.{property.Name}"),
                        property.GetValue(defaults)));
                }
            }
            return new Shape(all);
        }

        private static IEnumerable<Type> Hierarchy(Type type)
        {
            var chain = new Stack<Type>();
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Push(t);
            return chain;
        }
    }
}
