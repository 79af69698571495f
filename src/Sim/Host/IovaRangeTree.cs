using IommuSim.Kernel.Randomness;

namespace IommuSim.Host;

/// <summary>
/// The ordered set of allocated IOVA ranges of one domain, [Lo, Hi] in pages, disjoint, keyed by Lo:
/// the role of the red-black tree in Linux's drivers/iommu/iova.c. A treap over flat arrays: nodes are
/// small integers that keep their identity while they live (so the allocator can cache a node as Linux
/// caches an rb_node pointer), and nothing is allocated once the arrays have grown to the peak count.
/// </summary>
/// <remarks>
/// Heap priorities come from SplitMix64 over an insertion counter, so a run's tree shape is a pure
/// function of its inputs and expected depth is O(log n) whatever the key order (keys arrive top-down).
/// </remarks>
internal sealed class IovaRangeTree
{
    /// <summary>No node.</summary>
    public const int None = -1;

    private ulong[] _lo = new ulong[64];
    private ulong[] _hi = new ulong[64];
    private ulong[] _priority = new ulong[64];
    private int[] _left = new int[64];
    private int[] _right = new int[64];
    private int _root = None;
    private int _freeHead = None;   // free nodes chained through _left
    private int _used;              // nodes ever handed out (high-water mark of the arrays)
    private ulong _priorityState;

    /// <summary>Ranges in the tree.</summary>
    public int Count { get; private set; }

    /// <summary>First page of node <paramref name="node"/>.</summary>
    public ulong Lo(int node) => _lo[node];

    /// <summary>Last page of node <paramref name="node"/>.</summary>
    public ulong Hi(int node) => _hi[node];

    /// <summary>Adds [lo, hi]; the caller guarantees it overlaps no range in the tree. Returns the node.</summary>
    public int Insert(ulong lo, ulong hi)
    {
        int node = NewNode(lo, hi);
        _root = InsertAt(_root, node);
        Count++;
        return node;
    }

    /// <summary>Removes node <paramref name="node"/> (its number may be reused by a later insert).</summary>
    public void Remove(int node)
    {
        _root = RemoveAt(_root, _lo[node]);
        _left[node] = _freeHead;
        _freeHead = node;
        Count--;
    }

    /// <summary>The node whose range holds page <paramref name="pfn"/>, or <see cref="None"/>.</summary>
    public int FindContaining(ulong pfn)
    {
        int t = _root;
        while (t != None)
        {
            if (pfn < _lo[t]) t = _left[t];
            else if (pfn > _hi[t]) t = _right[t];
            else return t;
        }
        return None;
    }

    /// <summary>The node just below <paramref name="node"/> in address order (rb_prev), or <see cref="None"/>.</summary>
    public int Previous(int node)
    {
        ulong key = _lo[node];
        int t = _root, best = None;
        while (t != None)
        {
            if (_lo[t] < key) { best = t; t = _right[t]; }
            else t = _left[t];
        }
        return best;
    }

    /// <summary>The node just above <paramref name="node"/> in address order (rb_next), or <see cref="None"/>.</summary>
    public int Next(int node)
    {
        ulong key = _lo[node];
        int t = _root, best = None;
        while (t != None)
        {
            if (_lo[t] > key) { best = t; t = _left[t]; }
            else t = _right[t];
        }
        return best;
    }

    /// <summary>The lowest node whose last page is at or above <paramref name="pfn"/>, or <see cref="None"/>.</summary>
    public int LowestEndingAtOrAbove(ulong pfn)
    {
        // Ranges are disjoint and ordered by Lo, so Hi is ordered too and a plain descent finds it.
        int t = _root, best = None;
        while (t != None)
        {
            if (_hi[t] >= pfn) { best = t; t = _left[t]; }
            else t = _right[t];
        }
        return best;
    }

    private int NewNode(ulong lo, ulong hi)
    {
        int node;
        if (_freeHead != None)
        {
            node = _freeHead;
            _freeHead = _left[node];
        }
        else
        {
            if (_used == _lo.Length) Grow();
            node = _used++;
        }
        _lo[node] = lo;
        _hi[node] = hi;
        _priority[node] = SplitMix64.Next(ref _priorityState);
        _left[node] = None;
        _right[node] = None;
        return node;
    }

    private void Grow()
    {
        int size = _lo.Length * 2;
        Array.Resize(ref _lo, size);
        Array.Resize(ref _hi, size);
        Array.Resize(ref _priority, size);
        Array.Resize(ref _left, size);
        Array.Resize(ref _right, size);
    }

    // Recursion depth is the treap depth, O(log n) in expectation.
    private int InsertAt(int t, int node)
    {
        if (t == None) return node;
        if (_lo[node] < _lo[t])
        {
            _left[t] = InsertAt(_left[t], node);
            if (_priority[_left[t]] > _priority[t]) t = RotateRight(t);
        }
        else
        {
            _right[t] = InsertAt(_right[t], node);
            if (_priority[_right[t]] > _priority[t]) t = RotateLeft(t);
        }
        return t;
    }

    private int RemoveAt(int t, ulong key)
    {
        if (t == None) throw new InvalidOperationException($"IOVA range at page 0x{key:x} is not in the tree");
        if (key < _lo[t]) _left[t] = RemoveAt(_left[t], key);
        else if (key > _lo[t]) _right[t] = RemoveAt(_right[t], key);
        else t = Merge(_left[t], _right[t]);
        return t;
    }

    // Joins two treaps whose keys are all ordered a < b.
    private int Merge(int a, int b)
    {
        if (a == None) return b;
        if (b == None) return a;
        if (_priority[a] > _priority[b])
        {
            _right[a] = Merge(_right[a], b);
            return a;
        }
        _left[b] = Merge(a, _left[b]);
        return b;
    }

    private int RotateRight(int t)
    {
        int l = _left[t];
        _left[t] = _right[l];
        _right[l] = t;
        return l;
    }

    private int RotateLeft(int t)
    {
        int r = _right[t];
        _right[t] = _left[r];
        _left[r] = t;
        return r;
    }
}
