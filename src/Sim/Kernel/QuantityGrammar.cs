namespace IommuSim.Kernel;

/// <summary>
/// How one kind of quantity is written (<c>90ns</c>, <c>4KiB</c>, <c>100Gbps</c>): its units and the
/// words its error messages use, so every unit type parses and explains mistakes the same way.
/// </summary>
/// <param name="Noun">The quantity in messages: "time", "size", "bit rate".</param>
/// <param name="AcceptedUnits">The units, as listed in messages.</param>
/// <param name="Example">A valid value, shown when the unit is missing.</param>
/// <param name="Units">Each unit's spelling and its size in the base unit.</param>
/// <param name="UnknownUnitHint">Appended to the unknown-unit message (e.g. "(all binary: 1K = 1024B)").</param>
/// <param name="Limit">The largest value, in words, for the too-large message.</param>
/// <param name="NotWhole">The message for a value finer than the base unit, given the text and the value in base units.</param>
/// <param name="AllowNegative">Whether a leading minus is accepted.</param>
internal sealed record QuantityGrammar(
    string Noun, string AcceptedUnits, string Example, IReadOnlyList<(string Unit, long Scale)> Units,
    string UnknownUnitHint, string Limit, Func<string, decimal, string> NotWhole, bool AllowNegative);
