using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>
/// Writes the model back as canonical ASL JSON: in every model node, the documented fields come first in
/// the fixed order of <see cref="AslNode.KnownFieldNames"/> (the last occurrence when a field is duplicated),
/// then the unknown fields in source order. Payload templates and other raw values are written verbatim,
/// numbers in their source spelling. States keep source order, duplicate names included.
/// </summary>
public static class AslModelWriter
{
    /// <summary>Writes <paramref name="definition"/> as JSON text, indented with two spaces or compact.</summary>
    public static string Write(StateMachineDefinition definition, bool indented)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var nodes = new Dictionary<JsonObjectSyntax, AslNode>(ReferenceComparer.Instance);
        foreach (var node in definition.DescendantsAndSelf())
        {
            nodes[node.Syntax] = node;
        }

        var builder = new StringBuilder();
        new Writer(builder, nodes, indented).WriteNode(definition, 0);
        return builder.ToString();
    }

    private sealed class Writer
    {
        private readonly StringBuilder _builder;
        private readonly Dictionary<JsonObjectSyntax, AslNode> _nodes;
        private readonly bool _indented;

        public Writer(StringBuilder builder, Dictionary<JsonObjectSyntax, AslNode> nodes, bool indented)
        {
            _builder = builder;
            _nodes = nodes;
            _indented = indented;
        }

        // Recursion follows the JSON nesting, which the JSON reader bounds (512 levels by default)
        // and the model builder bounds for model nodes (ModelBuildContext.MaxNestingDepth).
        public void WriteNode(AslNode node, int depth)
        {
            var members = new List<JsonPropertySyntax>(node.Syntax.Count);
            foreach (var name in node.KnownFieldNames)
            {
                if (node.Syntax.TryGetProperty(name, out var property))
                {
                    members.Add(property);
                }
            }

            members.AddRange(node.UnknownFields);
            WriteMembers(members, depth);
        }

        private void WriteValue(JsonSyntaxNode value, int depth)
        {
            switch (value)
            {
                case JsonObjectSyntax obj when _nodes.TryGetValue(obj, out var node):
                    WriteNode(node, depth);
                    return;
                case JsonObjectSyntax obj:
                    WriteMembers(obj.Properties, depth);
                    return;
                case JsonArraySyntax array:
                    if (array.Count == 0)
                    {
                        _builder.Append("[]");
                        return;
                    }

                    _builder.Append('[');
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (i > 0)
                        {
                            _builder.Append(',');
                        }

                        NewLine(depth + 1);
                        WriteValue(array[i], depth + 1);
                    }

                    NewLine(depth);
                    _builder.Append(']');
                    return;
                case JsonStringSyntax text:
                    JsonSyntaxWriter.AppendQuoted(_builder, text.Value);
                    return;
                case JsonNumberSyntax number:
                    _builder.Append(number.Text);
                    return;
                case JsonBooleanSyntax boolean:
                    _builder.Append(boolean.Value ? "true" : "false");
                    return;
                default:
                    _builder.Append("null");
                    return;
            }
        }

        private void WriteMembers(IReadOnlyList<JsonPropertySyntax> members, int depth)
        {
            if (members.Count == 0)
            {
                _builder.Append("{}");
                return;
            }

            _builder.Append('{');
            for (var i = 0; i < members.Count; i++)
            {
                if (i > 0)
                {
                    _builder.Append(',');
                }

                NewLine(depth + 1);
                JsonSyntaxWriter.AppendQuoted(_builder, members[i].Name);
                _builder.Append(_indented ? ": " : ":");
                WriteValue(members[i].Value, depth + 1);
            }

            NewLine(depth);
            _builder.Append('}');
        }

        private void NewLine(int depth)
        {
            if (_indented)
            {
                _builder.Append('\n').Append(' ', depth * 2);
            }
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<JsonObjectSyntax>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(JsonObjectSyntax? x, JsonObjectSyntax? y) => ReferenceEquals(x, y);

        public int GetHashCode(JsonObjectSyntax obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
