using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Model;

/// <summary>
/// A node of the ASL model: a definition, state, branch, retrier, catcher, Choice rule, ItemReader, ...
/// Every node keeps the JSON object it was read from, so each field can be traced back to its exact
/// source span, and keeps the members that are not documented for its kind in <see cref="UnknownFields"/>.
/// Nodes are immutable and tolerant: a field of the wrong JSON type reads as absent (<see langword="null"/>)
/// while <see cref="GetField(string)"/> still returns its syntax.
/// </summary>
public abstract class AslNode
{
    private static readonly IReadOnlyList<AslNode> NoChildren = Array.Empty<AslNode>();
    private readonly FieldSet _fields;
    private IReadOnlyList<AslNode> _children = NoChildren;

    private protected AslNode(JsonObjectSyntax syntax, FieldSet fields)
    {
        Syntax = syntax ?? throw new ArgumentNullException(nameof(syntax));
        _fields = fields;
        UnknownFields = fields.FindUnknown(syntax);
    }

    /// <summary>The JSON object this node was read from.</summary>
    public JsonObjectSyntax Syntax { get; }

    /// <summary>The JSON Pointer of the object, e.g. <c>/States/Worker/Retry/0</c>.</summary>
    public string Pointer => Syntax.Pointer;

    /// <summary>The object's span in the source text.</summary>
    public SourceSpan Span => Syntax.Span;

    /// <summary>The documented field names of this kind of node, in the canonical order the writer uses.</summary>
    public IReadOnlyList<string> KnownFieldNames => _fields.Names;

    /// <summary>Members whose names are not documented for this kind of node, in source order (duplicates included).</summary>
    public IReadOnlyList<JsonPropertySyntax> UnknownFields { get; }

    /// <summary>The model nodes directly below this one, in source order.</summary>
    public IReadOnlyList<AslNode> ChildNodes => _children;

    /// <summary>Whether <paramref name="name"/> is a documented field of this kind of node.</summary>
    public bool IsKnownField(string name) => _fields.Contains(name);

    /// <summary>The member named <paramref name="name"/> (the last one when duplicated), or <see langword="null"/>.</summary>
    public JsonPropertySyntax? GetField(string name) => Syntax.TryGetProperty(name, out var property) ? property : null;

    /// <summary>Whether a member named <paramref name="name"/> is present, whatever its value.</summary>
    public bool HasField(string name) => Syntax.ContainsKey(name);

    /// <summary>This node and every node below it, in document order (iterative: safe on deep trees).</summary>
    public IEnumerable<AslNode> DescendantsAndSelf()
    {
        var stack = new Stack<AslNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node._children.Count - 1; i >= 0; i--)
            {
                stack.Push(node._children[i]);
            }
        }
    }

    /// <summary>Sets the children once, sorted by source position, at the end of a derived constructor.</summary>
    private protected void SetChildren(List<AslNode> children)
    {
        if (children.Count == 0)
        {
            return;
        }

        children.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        _children = children.ToArray();
    }
}
