using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;
using AslCompiler.Language.JsonPath;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator;

/// <summary>
/// How big a JSONPath Pass state's output can be next to its input, read from the definition: an upper bound
/// <c>Constant + Inputs × (bound of the raw input)</c> in the payload check's units (<c>PayloadSize</c>: 6 bytes per
/// string character plus quotes, 24 per number or its text when longer, 5 per literal, braces, commas and colons).
/// It holds when every value the output takes from the input is a sub-value of it (a straight <c>$</c> path), every
/// other value is a constant or a number, and the result is placed by a straight ResultPath. The runner then skips the
/// walk of the output while that bound is within the limit (<c>StateFrame.ExceedsPayloadLimit(output, ref bound,
/// constant, inputs)</c>).
/// </summary>
internal sealed partial class ProgramEmitter
{
    // The number of characters a JSON number may take in the payload check (PayloadSize).
    private const long NumberBound = 24;

    /// <summary>The bound of a Pass state's output, or null when the definition does not give one.</summary>
    private static (long Constant, int Inputs)? PassGrowth(PassState pass)
    {
        if (pass.InputPath is { } inputPath && !IsSubValuePath(inputPath.Path))
        {
            return null;
        }

        (long Constant, int Inputs)? result;
        if (pass.Result is { } constant)
        {
            result = (ConstantBound(constant), 0);
        }
        else if (pass.Parameters is { } parameters)
        {
            result = TemplateGrowth(parameters, 0);
        }
        else
        {
            result = (0, 1);
        }

        if (result is not { } r)
        {
            return null;
        }

        (long Constant, int Inputs) output;
        if (pass.ResultPath is null || pass.ResultPath.Path == "$")
        {
            output = r;
        }
        else if (pass.ResultPath.IsNull)
        {
            output = (0, 1);
        }
        else if (JsonPathParser.TryParse(pass.ResultPath.Path!, out var path, out _) && path!.Root == JsonPathRoot.Input && IsStraight(path))
        {
            // The raw input with the result set at the path: each step may add a member (a comma, the key, a colon and,
            // for the steps before the last, an empty object).
            long added = 0;
            foreach (var segment in path.Segments)
            {
                if (segment is not JsonPathPropertySegment property)
                {
                    return null;
                }

                added += StringBound(property.Name) + 4;
            }

            output = (r.Constant + added, r.Inputs + 1);
        }
        else
        {
            return null;
        }

        if (pass.OutputPath is { } outputPath && !IsSubValuePath(outputPath.Path))
        {
            return null;
        }

        return output;
    }

    /// <summary>Whether a path field selects one sub-value of its input (absent, <c>$</c> or a straight <c>$</c> path).</summary>
    private static bool IsSubValuePath(string? text) =>
        text is not null && JsonPathParser.TryParse(text, out var path, out _) && path!.Root == JsonPathRoot.Input && IsStraight(path);

    /// <summary>
    /// The bound of a payload template's output over its input, or null when a value is not bounded by it. Sub-values
    /// that do not contain one another (no path is a prefix of another) fit together in the input, so they count as
    /// one input, not one each: the paths (<c>States.Format</c> arguments included, see <see cref="FormatBound"/>) are
    /// put into groups of such disjoint paths, and each group counts once.
    /// </summary>
    private static (long Constant, int Inputs)? TemplateGrowth(JsonSyntaxNode node, int depth)
    {
        var paths = new List<JsonPathExpression>();
        return TemplateBound(node, depth, paths, null) is { } constant ? (constant, Groups(paths, 0)) : null;
    }

    /// <summary>
    /// The bound of a Map's ItemSelector result: constant, sub-values of the item (straight <c>$$.Map.Item.Value</c>
    /// paths) and sub-values of the Map's effective input (straight <c>$</c> paths), each counted as in
    /// <see cref="TemplateGrowth"/>; null when a value is not bounded by them.
    /// </summary>
    private static (long Constant, int ItemInputs, int Inputs)? SelectorGrowth(JsonSyntaxNode node)
    {
        var paths = new List<JsonPathExpression>();
        var itemPaths = new List<JsonPathExpression>();
        return TemplateBound(node, 0, paths, itemPaths) is { } constant ? (constant, Groups(itemPaths, 3), Groups(paths, 0)) : null;
    }

    /// <summary>
    /// How many groups of paths that do not contain one another the paths make (segments before <paramref name="skip"/>
    /// are the same root): each path joins the first group none of whose paths it overlaps (<see cref="PathGroup"/>).
    /// A group answers in the length of the path, not the number of its paths: a template of 20,000 paths took the
    /// generator seconds when each path was compared with each (found by fuzzing the generator).
    /// </summary>
    private static int Groups(List<JsonPathExpression> paths, int skip)
    {
        var groups = new List<PathGroup>();
        foreach (var path in paths)
        {
            var group = groups.Find(g => !g.Overlaps(path.Segments, skip));
            if (group is null)
            {
                group = new PathGroup();
                groups.Add(group);
            }

            group.Add(path.Segments, skip);
        }

        return groups.Count;
    }

    /// <summary>
    /// A group of straight paths as a tree of their segments, which tells whether a path overlaps one of them: one selects
    /// a value inside (or equal to) the other's. Property segments meet when their names are equal; index segments when
    /// their indexes are equal or of different signs (<c>[0]</c> and <c>[-1]</c> are one item of a one-item array: a fuzz
    /// trial found the two counted once, and an output twice the input's size let through); any other segment meets none.
    /// </summary>
    private sealed class PathGroup
    {
        private bool _ends; // a path of the group ends here
        private bool _goesOn; // a path of the group goes on here through a segment that meets none
        private Dictionary<string, PathGroup>? _names;
        private Dictionary<int, PathGroup>? _indexes;
        private List<PathGroup>? _negative; // the groups of _indexes below zero
        private List<PathGroup>? _positive; // the others

        private bool HasPaths => _ends || _goesOn || _names is not null || _indexes is not null;

        public bool Overlaps(IReadOnlyList<JsonPathSegment> segments, int at)
        {
            if (_ends)
            {
                return true; // a path of the group holds this one's value
            }

            if (at >= segments.Count)
            {
                return HasPaths; // this path holds the value of every path that passes here
            }

            switch (segments[at])
            {
                case JsonPathPropertySegment property:
                    return _names is not null && _names.TryGetValue(property.Name, out var named) && named.Overlaps(segments, at + 1);
                case JsonPathIndexSegment index when _indexes is not null:
                    var i = index.Indexes[0];
                    if (_indexes.TryGetValue(i, out var same) && same.Overlaps(segments, at + 1))
                    {
                        return true;
                    }

                    foreach (var other in (i < 0 ? _positive : _negative) ?? [])
                    {
                        if (other.Overlaps(segments, at + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        public void Add(IReadOnlyList<JsonPathSegment> segments, int at)
        {
            var group = this;
            for (; at < segments.Count; at++)
            {
                switch (segments[at])
                {
                    case JsonPathPropertySegment property:
                        group._names ??= new Dictionary<string, PathGroup>(StringComparer.Ordinal);
                        if (!group._names.TryGetValue(property.Name, out var named))
                        {
                            group._names[property.Name] = named = new PathGroup();
                        }

                        group = named;
                        break;
                    case JsonPathIndexSegment index:
                        var i = index.Indexes[0];
                        group._indexes ??= new Dictionary<int, PathGroup>();
                        if (!group._indexes.TryGetValue(i, out var indexed))
                        {
                            group._indexes[i] = indexed = new PathGroup();
                            var side = i < 0 ? group._negative ??= [] : group._positive ??= [];
                            side.Add(indexed);
                        }

                        group = indexed;
                        break;
                    default:
                        group._goesOn = true;
                        return;
                }
            }

            group._ends = true;
        }
    }

    /// <summary>The constant part of a template's bound, its sub-value paths added to <paramref name="paths"/>; null when not bounded.</summary>
    /// <remarks>With <paramref name="itemPaths"/> (an ItemSelector), straight <c>$$.Map.Item.Value</c> paths go there and <c>$$.Map.Item.Index</c> is a number.</remarks>
    private static long? TemplateBound(JsonSyntaxNode node, int depth, List<JsonPathExpression> paths, List<JsonPathExpression>? itemPaths)
    {
        if (depth > MaxTemplateDepth)
        {
            return null;
        }

        switch (node)
        {
            case JsonObjectSyntax obj:
            {
                long constant = 2 + obj.Properties.Count;
                foreach (var member in obj.Properties)
                {
                    if (IsPathMember(member, out var expression))
                    {
                        constant += StringBound(member.Name.Substring(0, member.Name.Length - 2)) + 1;
                        if (IntrinsicFunctionParser.LooksLikeCall(expression))
                        {
                            if (IntrinsicBound(expression, paths) is not { } size)
                            {
                                return null;
                            }

                            constant += size;
                        }
                        else if (SubValuePath(expression) is { } path)
                        {
                            paths.Add(path);
                        }
                        else if (itemPaths is not null && JsonPathParser.TryParse(expression, out var item, out _) && item!.Root == JsonPathRoot.Context &&
                            IsStraight(item) && MapItemPart(item) is { } part)
                        {
                            if (part == "Value")
                            {
                                itemPaths.Add(item);
                            }
                            else if (item.Segments.Count == 3)
                            {
                                constant += NumberBound;
                            }
                            else
                            {
                                return null;
                            }
                        }
                        else
                        {
                            return null;
                        }

                        continue;
                    }

                    constant += StringBound(member.Name) + 1;
                    if (TemplateBound(member.Value, depth + 1, paths, itemPaths) is not { } inner)
                    {
                        return null;
                    }

                    constant += inner;
                }

                return constant;
            }

            case JsonArraySyntax array:
            {
                long constant = 2 + array.Items.Count;
                foreach (var item in array.Items)
                {
                    if (TemplateBound(item, depth + 1, paths, itemPaths) is not { } inner)
                    {
                        return null;
                    }

                    constant += inner;
                }

                return constant;
            }

            default:
                return ConstantBound(node);
        }
    }

    /// <summary>A straight <c>$</c> path (one sub-value of the input), else null.</summary>
    private static JsonPathExpression? SubValuePath(string text) =>
        JsonPathParser.TryParse(text, out var path, out _) && path!.Root == JsonPathRoot.Input && IsStraight(path) ? path : null;

    /// <summary>
    /// The bound of an intrinsic call whose value is a number, a fixed-size string, or a <c>States.Format</c> of a
    /// literal template over literals and straight <c>$</c> paths, else null.
    /// </summary>
    private static long? IntrinsicBound(string expression, List<JsonPathExpression> paths)
    {
        IntrinsicFunctionCall call;
        try
        {
            call = IntrinsicFunctionParser.Parse(expression);
        }
        catch (JsonPathSyntaxException)
        {
            return null;
        }

        return call.Name switch
        {
            "States.MathAdd" or "States.MathRandom" or "States.ArrayLength" => NumberBound,
            "States.UUID" => StringBound(new string('0', 36)),
            "States.Format" => FormatBound(call, paths),
            _ => null,
        };
    }

    /// <summary>
    /// The bound of <c>States.Format</c>: a string of the template's literal text and each argument's text. A string
    /// argument loses its quotes and a number or literal is its JSON text (the payload check counts a number as 24 bytes
    /// or its text when longer, as it does everywhere), but an array or object is written as <c>[a, b]</c> or
    /// <c>{key=value, ...}</c>, a space after each comma: items of two or four characters (<c>[]</c>, <c>{}</c>,
    /// <c>true</c>, <c>null</c>) take up to 4/3 of their room in the JSON (a fuzz trial found 70,000 <c>[]</c> let
    /// through past the limit when each argument counted once). So each path argument counts twice.
    /// </summary>
    private static long? FormatBound(IntrinsicFunctionCall call, List<JsonPathExpression> paths)
    {
        if (call.Arguments.Count == 0 || call.Arguments[0] is not IntrinsicStringArgument template)
        {
            return null;
        }

        // The pieces are the unescaped text without its placeholders: no longer than the value.
        var constant = StringBound(template.Value);
        for (var i = 1; i < call.Arguments.Count; i++)
        {
            switch (call.Arguments[i])
            {
                case IntrinsicStringArgument text:
                    constant += StringBound(text.Value);
                    break;
                case IntrinsicNumberArgument number:
                    constant += LiteralNumberBound(number.Text);
                    break;
                case IntrinsicBooleanArgument or IntrinsicNullArgument:
                    constant += 5;
                    break;
                case IntrinsicPathArgument path when path.Path.Root == JsonPathRoot.Input && IsStraight(path.Path):
                    paths.Add(path.Path);
                    paths.Add(path.Path);
                    break;
                default:
                    return null;
            }
        }

        return constant;
    }

    /// <summary>The payload check's bound of a constant JSON value.</summary>
    private static long ConstantBound(JsonSyntaxNode node)
    {
        var pending = new Stack<JsonSyntaxNode>();
        pending.Push(node);
        long total = 0;
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObjectSyntax obj:
                    total += 2 + obj.Properties.Count;
                    foreach (var member in obj.Properties)
                    {
                        total += StringBound(member.Name) + 1;
                        pending.Push(member.Value);
                    }

                    break;
                case JsonArraySyntax array:
                    total += 2 + array.Items.Count;
                    foreach (var item in array.Items)
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonStringSyntax text:
                    total += StringBound(text.Value);
                    break;
                case JsonNumberSyntax number:
                    total += LiteralNumberBound(number.Text);
                    break;
                default:
                    total += 5;
                    break;
            }
        }

        return total;
    }

    /// <summary>
    /// A number literal's bound: as the payload check counts it, 24, or its text when longer (an integer beyond 64 bits
    /// keeps its digits; a double that overflows, its text).
    /// </summary>
    private static long LiteralNumberBound(string text) => Math.Max(NumberBound, text.Length);

    private static long StringBound(string text) => (6L * text.Length) + 2;
}
