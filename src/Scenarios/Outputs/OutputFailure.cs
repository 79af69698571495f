namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// A failure known only once writing: a disk that filled, a directory changed meanwhile, a swap that could not be
/// undone. Not a bug and not the input's, so it exits 1 with a line that names <c>--out</c> and says where things are.
/// </summary>
internal static class OutputFailure
{
    /// <summary>Whether <paramref name="e"/> is such a failure (and not a bug to report as one).</summary>
    public static bool Is(Exception e) => e is TargetNotRestoredException or IOException or UnauthorizedAccessException;

    /// <summary>The line for the user; <paramref name="what"/> is what was written, e.g. "outputs" or "shard".</summary>
    public static string Message(Exception e, string option, string what) => e is TargetNotRestoredException t
        ? $"{option}: error: the {what} could not be put in place ({t.Message}); the directory's previous contents are in {t.Previous}"
        : $"{option}: error: the {what} could not be written ({IoReason.Of(e)}); nothing was written, the directory is as it was";
}
