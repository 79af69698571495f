namespace IommuSim.Scenarios;

/// <summary>Process exit codes: a stable contract for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>A bug or environment failure inside iommusim (such as a disk that filled while the outputs were written).</summary>
    public const int InternalError = 1;
    /// <summary>The user's input (arguments, scenario file, an <c>--out</c> that cannot be written) is wrong; nothing was written.</summary>
    public const int InputError = 2;
    /// <summary>Interrupted (Ctrl+C, SIGINT) before the outputs were written; nothing was written (128 + SIGINT).</summary>
    public const int Cancelled = 130;
    /// <summary>Stopped by SIGTERM before the outputs were written; nothing was written (128 + SIGTERM).</summary>
    public const int Terminated = 143;
}
