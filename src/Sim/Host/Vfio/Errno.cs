namespace IommuSim.Host.Vfio;

/// <summary>The Linux error numbers the VFIO flow can fail with (include/uapi/asm-generic/errno-base.h values).</summary>
public enum Errno
{
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory.</summary>
    ENOENT = 2,
    /// <summary>Out of memory.</summary>
    ENOMEM = 12,
    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>File exists (an overlapping mapping).</summary>
    EEXIST = 17,
    /// <summary>No such device.</summary>
    ENODEV = 19,
    /// <summary>Invalid argument.</summary>
    EINVAL = 22,
    /// <summary>No space left (too many mappings).</summary>
    ENOSPC = 28,
}
