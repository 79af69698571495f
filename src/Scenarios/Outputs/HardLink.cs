using System.Runtime.InteropServices;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Hard links through libc's <c>link(2)</c>, which .NET has no API for. A hard link is the same file under a
/// second name: no copy of its bytes, and its owner, mode and times stay as they are.
/// </summary>
internal static class HardLink
{
    /// <summary>What <see cref="Create"/> found.</summary>
    public enum Outcome
    {
        /// <summary>Linked.</summary>
        Linked,
        /// <summary>The two names are on different file systems (or mounts): no link is possible.</summary>
        OtherFileSystem,
        /// <summary>The file system or its settings do not allow it (Windows, a file another user owns, FAT); copy instead.</summary>
        NotAllowed,
    }

    private const int EPERM = 1, EACCES = 13, EXDEV = 18, ENOTSUP = 95, EOPNOTSUPP_BSD = 45;

    /// <summary>Links <paramref name="existing"/> as <paramref name="newName"/>; other errors throw.</summary>
    public static Outcome Create(string existing, string newName)
    {
        if (OperatingSystem.IsWindows()) return Outcome.NotAllowed;
        if (link(existing, newName) == 0) return Outcome.Linked;
        int errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            EXDEV => Outcome.OtherFileSystem,
            EPERM or ENOTSUP or EOPNOTSUPP_BSD => Outcome.NotAllowed,
            EACCES => throw new UnauthorizedAccessException($"Access to the path '{newName}' is denied."),
            _ => throw new IOException(Marshal.GetPInvokeErrorMessage(errno)),
        };
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, which the projects keep off.
    [DllImport("libc", SetLastError = true)]
    private static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newName);
}
