using System;
using System.Collections.Generic;

namespace AslCompiler.Language.JsonPath;

/// <summary>
/// The member order AWS's Java runtime gives objects it builds in a <c>java.util.HashMap</c>: the recorded outputs
/// of <c>States.JsonMerge</c> and of payload templates (Parameters, ResultSelector, ItemSelector, Assign values)
/// come out in that map's iteration order, not in the order the members were written.
/// </summary>
/// <remarks>
/// The model: <c>String.hashCode</c> over UTF-16 units, spread by <c>h ^ (h &gt;&gt;&gt; 16)</c>, a table of 16
/// buckets that doubles whenever the size passes three quarters of it, buckets in index order and, within a bucket,
/// the order of insertion (a resize splits a bucket without reordering it). Java turns a bucket of 8 or more
/// colliding keys into a tree once the table has 64 buckets; such a bucket is still read here in insertion order.
/// </remarks>
public static class JavaHashMapOrder
{
    /// <summary>Java's <c>String.hashCode()</c>.</summary>
    public static int StringHashCode(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }
        var h = 0;
        foreach (var c in text)
        {
            h = unchecked((31 * h) + c);
        }

        return h;
    }

    /// <summary>The bucket of a key in a table of <paramref name="capacity"/> (a power of two) buckets.</summary>
    public static int Bucket(string key, int capacity)
    {
        var h = StringHashCode(key);
        var spread = h ^ (int)((uint)h >> 16);
        return spread & (capacity - 1);
    }

    /// <summary>The table size a <c>new HashMap()</c> has after <paramref name="count"/> distinct keys were put.</summary>
    public static int Capacity(int count)
    {
        var capacity = 16;
        while (count > capacity * 3 / 4 && capacity < (1 << 30))
        {
            capacity <<= 1;
        }

        return capacity;
    }

    /// <summary>
    /// The iteration order of a <c>HashMap</c> into which the distinct <paramref name="keys"/> were put in the
    /// given order: the indexes of <paramref name="keys"/>, in the order the map yields them.
    /// </summary>
    public static int[] IterationOrder(IReadOnlyList<string> keys)
    {
        if (keys is null)
        {
            throw new ArgumentNullException(nameof(keys));
        }
        var capacity = Capacity(keys.Count);
        var buckets = new int[keys.Count];
        var order = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            buckets[i] = Bucket(keys[i], capacity);
            order[i] = i;
        }

        // A stable sort by bucket keeps insertion order inside a bucket.
        var sorted = new List<int>(order);
        sorted.Sort((a, b) => buckets[a] != buckets[b] ? buckets[a].CompareTo(buckets[b]) : a.CompareTo(b));
        return sorted.ToArray();
    }

    /// <summary>
    /// The order of a rendered payload template object: the members copied as written (no <c>.$</c>) first, in
    /// their written order, then the evaluated <c>.$</c> members in the iteration order of a <c>HashMap</c> of them
    /// (keyed by their names without <c>.$</c>). Gives indexes of <paramref name="members"/>.
    /// </summary>
    public static int[] TemplateOrder(IReadOnlyList<(string Name, bool IsPath)> members)
    {
        if (members is null)
        {
            throw new ArgumentNullException(nameof(members));
        }
        var order = new List<int>(members.Count);
        var paths = new List<int>();
        var pathNames = new List<string>();
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i].IsPath)
            {
                paths.Add(i);
                pathNames.Add(members[i].Name);
            }
            else
            {
                order.Add(i);
            }
        }

        foreach (var p in IterationOrder(pathNames))
        {
            order.Add(paths[p]);
        }

        return order.ToArray();
    }
}
