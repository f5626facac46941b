using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>The documented members of one kind of node, in canonical order.</summary>
internal sealed class FieldSet
{
    private readonly HashSet<string> _set;

    public FieldSet(params string[] names)
    {
        Names = names;
        _set = new HashSet<string>(names, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name) => _set.Contains(name);

    public IReadOnlyList<JsonPropertySyntax> FindUnknown(JsonObjectSyntax syntax)
    {
        List<JsonPropertySyntax>? unknown = null;
        foreach (var property in syntax.Properties)
        {
            if (!_set.Contains(property.Name))
            {
                (unknown ??= new List<JsonPropertySyntax>()).Add(property);
            }
        }

        return unknown is null ? Array.Empty<JsonPropertySyntax>() : unknown.ToArray();
    }

    public static FieldSet Union(params FieldSet[] sets)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var name in set.Names)
            {
                if (seen.Add(name))
                {
                    names.Add(name);
                }
            }
        }

        return new FieldSet(names.ToArray());
    }
}
