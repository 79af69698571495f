namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// What a scenario-file value binds to, derived once from a CLR type: a scalar (number, time, size,
/// rate, enum, text), a record, a polymorphic record chosen by <c>type</c>, or a list. The binder,
/// the resolved-scenario writer, the JSON Schema and the key reference all walk these.
/// </summary>
internal abstract class SpecType
{
    protected SpecType(Type clrType) => ClrType = clrType;

    /// <summary>The CLR type a value of this kind binds to.</summary>
    public Type ClrType { get; }

    /// <summary>What a value must look like, for "expected ..." in messages (e.g. "a time with a unit ...").</summary>
    public abstract string Expected { get; }

    /// <summary>A short label for the key reference, e.g. "time", "integer", "list of device".</summary>
    public abstract string Label { get; }
}
