namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// A unit's interrupt remapping table in memory: <see cref="Size"/> IRTEs, and the allocation bitmap software
/// keeps beside it. A block of n entries is n rounded up to a power of two, aligned to its size, first fit
/// from index 0: multi-vector MSI needs a naturally aligned block because the device adds its vector number
/// to one handle (Linux's alloc_irte rounds and aligns the same way).
/// </summary>
public sealed class InterruptRemappingTable
{
    private readonly Irte[] _entries;
    private readonly bool[] _allocated;

    /// <summary>Creates an empty table.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not a power of two from 2 to 65536.</exception>
    public InterruptRemappingTable(int size)
    {
        if (size is < 2 or > InterruptRemappingParams.MaxTableEntries || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"an interrupt remapping table has a power of two from 2 to {InterruptRemappingParams.MaxTableEntries} entries");
        _entries = new Irte[size];
        _allocated = new bool[size];
    }

    /// <summary>Entries in the table.</summary>
    public int Size => _entries.Length;
    /// <summary>Entries currently allocated.</summary>
    public int Allocated { get; private set; }

    /// <summary>The entry at <paramref name="index"/> as memory holds it (what an IEC miss reads).</summary>
    public Irte this[int index] => _entries[index];

    /// <summary>Whether <paramref name="index"/> is allocated.</summary>
    public bool IsAllocated(int index) => _allocated[index];

    /// <summary>The entries a request for <paramref name="count"/> takes: <paramref name="count"/> rounded up to a power of two.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not 1 to 65536.</exception>
    public static int BlockSize(int count)
    {
        if (count is < 1 or > InterruptRemappingParams.MaxTableEntries)
            throw new ArgumentOutOfRangeException(nameof(count), count, "an allocation takes 1 to 65536 entries");
        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count);
    }

    /// <summary>
    /// Allocates <see cref="BlockSize"/>(<paramref name="count"/>) entries, aligned to that size, at the lowest
    /// free position; the entries stay not present until written. Returns the first index, or -1 when no
    /// aligned block is free.
    /// </summary>
    public int Allocate(int count)
    {
        int block = BlockSize(count);
        for (int start = 0; start + block <= _entries.Length; start += block)
        {
            if (!IsFree(start, block)) continue;
            for (int i = start; i < start + block; i++) _allocated[i] = true;
            Allocated += block;
            return start;
        }
        return -1;
    }

    /// <summary>Frees the block that <see cref="Allocate"/>(<paramref name="count"/>) returned at <paramref name="first"/> and clears its entries.</summary>
    /// <exception cref="ArgumentException">The block is misaligned, out of the table or not wholly allocated.</exception>
    public void Free(int first, int count)
    {
        int block = BlockSize(count);
        if (first < 0 || first % block != 0 || first + block > _entries.Length)
            throw new ArgumentException($"[{first}, {first + block}) is not an aligned block of the table", nameof(first));
        for (int i = first; i < first + block; i++)
            if (!_allocated[i]) throw new ArgumentException($"entry {i} is not allocated", nameof(first));
        for (int i = first; i < first + block; i++)
        {
            _allocated[i] = false;
            _entries[i] = default;
        }
        Allocated -= block;
    }

    /// <summary>
    /// Writes the entry at <paramref name="index"/> in memory. Cached copies in the interrupt entry cache stay
    /// until an interrupt-entry-cache invalidation, as in hardware.
    /// </summary>
    /// <exception cref="InvalidOperationException">The entry is not allocated.</exception>
    public void Write(int index, in Irte entry)
    {
        if (!_allocated[index])
            throw new InvalidOperationException($"interrupt remapping table entry {index} is not allocated");
        _entries[index] = entry;
    }

    private bool IsFree(int start, int block)
    {
        for (int i = start; i < start + block; i++)
            if (_allocated[i]) return false;
        return true;
    }
}
