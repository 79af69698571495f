namespace IommuSim.Tests.Support;

/// <summary>
/// Bytes a piece of code allocates on this thread. The runtime itself now and then allocates on a test's
/// thread (tiering, type loading); a path that truly allocates does so on every attempt, so the least
/// of a few attempts separates the two.
/// </summary>
internal static class AllocationProbe
{
    public static long LeastBytes(Action action, int attempts = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < attempts; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
