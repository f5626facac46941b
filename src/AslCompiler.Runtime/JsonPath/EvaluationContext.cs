using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>What a path can see besides its input: the context object (<c>$$</c>) and the variables (<c>$name</c>).</summary>
public sealed class EvaluationContext
{
    // Shared by every context given no variables (the kernel's frames set their own; an unused default allocated per
    // context). Declared before Empty: static initializers run in order.
    private static readonly IReadOnlyDictionary<string, JsonValue> NoVariables = new Dictionary<string, JsonValue>();

    /// <summary>An empty context: no context object, no variables.</summary>
    public static EvaluationContext Empty { get; } = new();

    private JsonValue _contextObject = JsonValue.EmptyObject;
    private Func<JsonValue>? _contextFactory;

    /// <summary>The context object (<c>$$</c>).</summary>
    public JsonValue ContextObject
    {
        get
        {
            if (_contextFactory is { } factory)
            {
                // Built when a path first reads it (a Map item's value alone is read without it: MapItemValue).
                _contextObject = factory();
                _contextFactory = null;
            }

            return _contextObject;
        }

        init => _contextObject = value;
    }

    /// <summary>Builds <see cref="ContextObject"/> when something first reads it.</summary>
    internal Func<JsonValue>? ContextFactory
    {
        init => _contextFactory = value;
    }

    // A Random, or the kernel's StateFrame whose Random is asked for at a draw (one field: a context per state is made often).
    private readonly object? _randomSource;

    /// <summary>The kernel's frame whose context object this is (its cheap members are read from it), or null.</summary>
    internal AslCompiler.Runtime.Execution.StateFrame? Frame { get; init; }

    /// <summary>The index of the Map item the context object holds (<c>$$.Map.Item.Index</c>), or -1 when it holds none or is not the kernel's.</summary>
    internal int MapItemIndex { get; init; } = -1;

    /// <summary>The Map item's value (<c>$$.Map.Item.Value</c>) when <see cref="MapItemIndex"/> is set.</summary>
    internal JsonValue MapItemValue { get; init; }

    /// <summary>The variables in scope (<c>$name</c>).</summary>
    public IReadOnlyDictionary<string, JsonValue> Variables { get; init; } = NoVariables;

    /// <summary>The random source of <c>States.MathRandom</c> (without a seed) and <c>States.UUID</c>.</summary>
    public Random Random
    {
        get => _randomSource switch
        {
            Random random => random,
            AslCompiler.Runtime.Execution.StateFrame frame => frame.Random,
            _ => Random.Shared,
        };
        init => _randomSource = value;
    }

    /// <summary>
    /// The kernel's frame whose <see cref="Execution.StateFrame.Random"/> this draws from, asked only at a draw: a
    /// journaled run's frame makes its seeded generator then, and most states never draw.
    /// </summary>
    internal AslCompiler.Runtime.Execution.StateFrame? RandomFrame
    {
        get => _randomSource as AslCompiler.Runtime.Execution.StateFrame;
        init => _randomSource = value;
    }

    /// <summary>Creates a context from a variables object (<c>{"name": value}</c>).</summary>
    public static EvaluationContext Create(JsonValue contextObject, JsonValue variables = default)
    {
        var dict = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        if (variables.TryGetObject(out var obj))
        {
            foreach (var member in obj.AsSpan())
            {
                dict[member.Key] = member.Value;
            }
        }

        return new EvaluationContext
        {
            ContextObject = contextObject.IsUndefined ? JsonValue.EmptyObject : contextObject,
            Variables = dict,
        };
    }
}
