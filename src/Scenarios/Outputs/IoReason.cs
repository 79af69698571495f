namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// What a file-system exception means, in a few words for a message that names the path already: .NET's own
/// messages repeat the path, or mislead (making a directory in /proc reports "could not find file").
/// </summary>
internal static class IoReason
{
    public static string Of(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "a name or the whole path is too long",
        DirectoryNotFoundException or FileNotFoundException => "no such file or directory",
        _ => e.Message.TrimEnd('.'),
    };
}
