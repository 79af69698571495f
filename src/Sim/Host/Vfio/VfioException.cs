namespace IommuSim.Host.Vfio;

/// <summary>
/// A VFIO call the kernel refused: which call, the errno it returns, and why, e.g.
/// <c>group 7 is not viable: 0000:03:00.1 is still bound to host driver ixgbe (EPERM)</c>.
/// </summary>
public sealed class VfioException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/> failing with <paramref name="errno"/>.</summary>
    public VfioException(string operation, Errno errno, string cause)
        : base($"{cause} ({errno})")
    {
        Operation = operation;
        Errno = errno;
        Cause = cause;
    }

    /// <summary>The call that failed, e.g. <c>VFIO_GROUP_SET_CONTAINER</c> or <c>open /dev/vfio/7</c>.</summary>
    public string Operation { get; }
    /// <summary>The errno the kernel returns.</summary>
    public Errno Errno { get; }
    /// <summary>Why, without the errno.</summary>
    public string Cause { get; }
}
