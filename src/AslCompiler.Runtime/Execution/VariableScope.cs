using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The variables a state sees: its own scope's assignments over its parent's (a Parallel branch or Map iteration
/// reads the outer variables and writes only its own scope, as AWS scopes them).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "A scope of variables, not a general collection.")]
public sealed class VariableScope : IReadOnlyDictionary<string, JsonValue>
{
    private readonly VariableScope? _parent;
    private Dictionary<string, JsonValue>? _own;

    /// <summary>Creates a scope over an optional parent.</summary>
    public VariableScope(VariableScope? parent = null) => _parent = parent;

    /// <inheritdoc />
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var unused in this)
            {
                count++;
            }

            return count;
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Key;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<JsonValue> Values
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Value;
            }
        }
    }

    /// <inheritdoc />
    public JsonValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>Whether any variable is defined here or in a parent.</summary>
    public bool IsEmpty => (_own is null || _own.Count == 0) && (_parent is null || _parent.IsEmpty);

    /// <summary>Assigns every member of an object (all evaluated before any is set, as AWS does).</summary>
    public void AssignAll(JsonValue assignments)
    {
        if (!assignments.TryGetObject(out var obj) || obj.Count == 0)
        {
            return;
        }

        lock (this)
        {
            _own ??= new Dictionary<string, JsonValue>(StringComparer.Ordinal);
            foreach (var member in obj.AsSpan())
            {
                _own[member.Key] = member.Value;
            }
        }
    }

    /// <summary>The variables as one object (the innermost assignment of each name).</summary>
    public JsonValue ToJson()
    {
        var builder = new JsonObjectBuilder();
        foreach (var pair in this)
        {
            builder.Set(pair.Key, pair.Value);
        }

        return builder.ToObject();
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonValue value)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            var own = scope._own;
            if (own is not null)
            {
                lock (scope)
                {
                    if (own.TryGetValue(key, out value))
                    {
                        return true;
                    }
                }
            }
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonValue>> GetEnumerator()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<KeyValuePair<string, JsonValue>>();
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._own is null)
            {
                continue;
            }

            lock (scope)
            {
                foreach (var pair in scope._own)
                {
                    if (seen.Add(pair.Key))
                    {
                        all.Add(pair);
                    }
                }
            }
        }

        return all.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
