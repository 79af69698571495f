using System.Collections.Concurrent;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// The metadata table: one <see cref="SpecType"/> per CLR type, built by reflection on first use and
/// cached, so binding many variants costs no reflection beyond property access.
/// </summary>
internal static class SpecTypes
{
    /// <summary>The key that selects the concrete record of a polymorphic item.</summary>
    public const string TypeKey = "type";

    private static readonly ConcurrentDictionary<Type, SpecType> Cache = new();

    /// <summary>The root record of scenario files.</summary>
    public static RecordSpecType Scenario => (RecordSpecType)Of(typeof(ScenarioSpec));

    /// <summary>The metadata of <paramref name="type"/>; <paramref name="usedBy"/> names the property, for errors.</summary>
    /// <exception cref="InvalidOperationException">The type cannot appear in a scenario file (a bug in a spec record).</exception>
    public static SpecType Of(Type type, string? usedBy = null) => Cache.GetOrAdd(type, t => Create(t, usedBy));

    private static SpecType Create(Type type, string? usedBy)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return Of(inner, usedBy) is ScalarSpecType scalar
                ? new NullableSpecType(type, scalar)
                : throw Unsupported(type, usedBy);
        if (type == typeof(bool)) return new BooleanSpecType();
        if (type == typeof(int)) return new IntegerSpecType(type, int.MinValue, int.MaxValue);
        if (type == typeof(uint)) return new IntegerSpecType(type, uint.MinValue, uint.MaxValue);
        if (type == typeof(long)) return new IntegerSpecType(type, long.MinValue, long.MaxValue);
        if (type == typeof(ulong)) return new IntegerSpecType(type, ulong.MinValue, ulong.MaxValue);
        if (type == typeof(double)) return new NumberSpecType();
        if (type == typeof(string)) return new TextSpecType();
        if (type == typeof(SimTime)) return new TimeSpecType();
        if (type == typeof(ByteSize)) return new SizeSpecType();
        if (type == typeof(BitRate)) return new RateSpecType();
        if (type.IsEnum) return new EnumSpecType(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            return new ListSpecType(type, Of(type.GetGenericArguments()[0], usedBy));
        if (type.IsClass && type.IsAbstract) return new VariantSpecType(type);
        if (type.IsClass && type.GetConstructor(Type.EmptyTypes) is not null) return new RecordSpecType(type);
        throw Unsupported(type, usedBy);
    }

    private static InvalidOperationException Unsupported(Type type, string? usedBy) =>
        new($"{type.Name}{(usedBy is null ? "" : " (" + usedBy + ")")} cannot be a scenario-file value: " +
            "use bool, int, uint, long, ulong, double, string, an enum, SimTime, ByteSize, BitRate, a record, " +
            "an abstract record with [SpecVariant] kinds, IReadOnlyList<T> of those, or a nullable scalar");
}
