namespace IommuSim.Parameters;

/// <summary>
/// A spec or parameter record with rules across its keys (e.g. ways must divide entries), checked
/// after binding. Rules on a single key belong in <see cref="ParamAttribute"/> (Min, Max).
/// </summary>
public interface IValidatableSpec
{
    /// <summary>Every problem at once (not just the first); empty when valid.</summary>
    IEnumerable<SpecProblem> Validate();
}
