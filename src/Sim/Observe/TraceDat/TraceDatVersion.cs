namespace IommuSim.Observe.TraceDat;

/// <summary>The trace-cmd .dat file format version (man 5 trace-cmd.dat.v6 / trace-cmd.dat.v7).</summary>
public enum TraceDatVersion
{
    /// <summary>Version 6: metadata in a fixed order, CPU data offsets right after the "flyrecord" tag.</summary>
    V6 = 6,

    /// <summary>Version 7: sections located through an options section, optionally compressed.</summary>
    V7 = 7,
}
