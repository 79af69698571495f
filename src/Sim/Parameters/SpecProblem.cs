namespace IommuSim.Parameters;

/// <summary>
/// A semantic problem found by a record's own validation, at a key path relative to the record
/// (e.g. <c>ways</c>); the loader turns it into a message with file, line and column.
/// </summary>
/// <param name="Key">The offending key relative to the record, dotted for nested keys.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public readonly record struct SpecProblem(string Key, string Message);
