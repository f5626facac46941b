using System;
using System.Collections.Generic;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The items of each scope (a state machine, version or alias ARN) in the order of their sequence (start order), so a
/// ListExecutions page is a binary search for where the page starts and a walk of one page, newest first, instead of a
/// sort of every execution of the state machine for each page. An item is added with increasing sequences (at the end;
/// one out of order, e.g. recovered from a store, is inserted at its place); a removed one leaves a hole that later
/// pages skip, and a scope is compacted once half of it is holes, so removals cost O(log n) amortized. Thread-safe.
/// </summary>
/// <typeparam name="T">The item (an execution record).</typeparam>
internal sealed class StartOrderIndex<T>(Func<T, long> sequenceOf)
    where T : class
{
    private const int CompactAtHoles = 64;

    private readonly object _gate = new();
    private readonly Dictionary<string, Scope> _scopes = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="item"/> to each scope given (null: none).</summary>
    public void Add(T item, string scope, string? second, string? third)
    {
        var sequence = sequenceOf(item);
        lock (_gate)
        {
            AddTo(scope, item, sequence);
            if (second is not null)
            {
                AddTo(second, item, sequence);
            }

            if (third is not null)
            {
                AddTo(third, item, sequence);
            }
        }
    }

    /// <summary>Removes <paramref name="item"/> from each scope given (null: none); nothing where it is not.</summary>
    public void Remove(T item, string scope, string? second, string? third)
    {
        var sequence = sequenceOf(item);
        lock (_gate)
        {
            RemoveFrom(scope, item, sequence);
            if (second is not null)
            {
                RemoveFrom(second, item, sequence);
            }

            if (third is not null)
            {
                RemoveFrom(third, item, sequence);
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> items of <paramref name="scope"/> that <paramref name="match"/> accepts, newest first,
    /// starting with the newest whose sequence is below <paramref name="below"/>. <paramref name="match"/> runs under the
    /// index's lock: it must not take a lock that is held while calling into the index.
    /// </summary>
    public List<T> Page(string scope, long below, Func<T, bool> match, int count)
    {
        var page = new List<T>(Math.Min(count, 128));
        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out var items))
            {
                return page;
            }

            for (var i = items.FirstAtOrAbove(below) - 1; i >= 0 && page.Count < count; i--)
            {
                if (items.Items[i] is { } item && match(item))
                {
                    page.Add(item);
                }
            }
        }

        return page;
    }

    /// <summary>How many items the scopes hold, holes not counted (for tests).</summary>
    internal int Count(string scope)
    {
        lock (_gate)
        {
            return _scopes.TryGetValue(scope, out var items) ? items.Items.Count - items.Holes : 0;
        }
    }

    private void AddTo(string scope, T item, long sequence)
    {
        if (!_scopes.TryGetValue(scope, out var items))
        {
            items = new Scope();
            _scopes[scope] = items;
        }

        if (items.Sequences.Count == 0 || items.Sequences[^1] < sequence)
        {
            items.Sequences.Add(sequence);
            items.Items.Add(item);
            return;
        }

        var at = items.FirstAtOrAbove(sequence);
        items.Sequences.Insert(at, sequence);
        items.Items.Insert(at, item);
    }

    private void RemoveFrom(string scope, T item, long sequence)
    {
        if (!_scopes.TryGetValue(scope, out var items))
        {
            return;
        }

        for (var i = items.FirstAtOrAbove(sequence); i < items.Sequences.Count && items.Sequences[i] == sequence; i++)
        {
            if (ReferenceEquals(items.Items[i], item))
            {
                items.Items[i] = null;
                items.Holes++;
                break;
            }
        }

        if (items.Holes == items.Items.Count)
        {
            _scopes.Remove(scope);
        }
        else if (items.Holes >= CompactAtHoles && items.Holes * 2 >= items.Items.Count)
        {
            items.Compact();
        }
    }

    private sealed class Scope
    {
        // Parallel lists: a hole keeps its sequence, so the binary search needs no item.
        public List<long> Sequences { get; } = [];

        public List<T?> Items { get; } = [];

        public int Holes { get; set; }

        /// <summary>The index of the first sequence at or above <paramref name="sequence"/> (the count when none is).</summary>
        public int FirstAtOrAbove(long sequence)
        {
            int low = 0, high = Sequences.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (Sequences[middle] < sequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        public void Compact()
        {
            var kept = 0;
            for (var i = 0; i < Items.Count; i++)
            {
                if (Items[i] is { } item)
                {
                    Items[kept] = item;
                    Sequences[kept] = Sequences[i];
                    kept++;
                }
            }

            Items.RemoveRange(kept, Items.Count - kept);
            Sequences.RemoveRange(kept, Sequences.Count - kept);
            Holes = 0;
        }
    }
}
