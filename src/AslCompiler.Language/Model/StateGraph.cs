using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>
/// The "StartAt + States" part shared by a state machine definition, a Parallel branch and a Map
/// item processor. States keep source order; duplicate names (duplicate JSON keys) are all kept.
/// </summary>
public abstract class StateGraph : AslNode
{
    // Above this many states GetState looks names up in a dictionary (a linear search made validation quadratic).
    private const int IndexThreshold = 8;

    private readonly State[] _states;
    private readonly JsonPropertySyntax[] _nonObjectStates;
    private readonly Dictionary<string, State>? _byName;

    private protected StateGraph(JsonObjectSyntax syntax, FieldSet fields, ModelBuildContext context, List<AslNode> children)
        : base(syntax, fields)
    {
        Comment = FieldReader.String(syntax, "Comment");
        StartAt = FieldReader.String(syntax, "StartAt");
        StatesSyntax = FieldReader.Object(syntax, "States");
        var states = new List<State>();
        var nonObject = new List<JsonPropertySyntax>();
        if (StatesSyntax is not null)
        {
            foreach (var member in StatesSyntax.Properties)
            {
                if (member.Value is JsonObjectSyntax stateSyntax)
                {
                    states.Add(State.Create(member, stateSyntax, context));
                }
                else
                {
                    nonObject.Add(member);
                }
            }
        }

        _states = states.ToArray();
        _nonObjectStates = nonObject.ToArray();
        children.AddRange(_states);
        if (_states.Length > IndexThreshold)
        {
            _byName = new Dictionary<string, State>(_states.Length, System.StringComparer.Ordinal);
            foreach (var state in _states)
            {
                // The last one wins, as the linear search below finds it.
                _byName[state.Name] = state;
            }
        }
    }

    /// <summary><c>Comment</c>.</summary>
    public string? Comment { get; }

    /// <summary><c>StartAt</c>: the name of the first state.</summary>
    public string? StartAt { get; }

    /// <summary>The <c>States</c> object, or <see langword="null"/> when absent or not an object.</summary>
    public JsonObjectSyntax? StatesSyntax { get; }

    /// <summary>The states, in source order, duplicates included (only members whose value is an object).</summary>
    public IReadOnlyList<State> States => _states;

    /// <summary>Members of <c>States</c> whose value is not an object, so cannot be a state (the validator reports them).</summary>
    public IReadOnlyList<JsonPropertySyntax> NonObjectStates => _nonObjectStates;

    /// <summary>The state named <paramref name="name"/> (the last one when the name is duplicated), or <see langword="null"/>.</summary>
    public State? GetState(string name)
    {
        if (_byName is not null)
        {
            return name is not null && _byName.TryGetValue(name, out var state) ? state : null;
        }

        for (var i = _states.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_states[i].Name, name, System.StringComparison.Ordinal))
            {
                return _states[i];
            }
        }

        return null;
    }

    /// <summary>The state that <see cref="StartAt"/> names, if it exists.</summary>
    public State? StartState => StartAt is null ? null : GetState(StartAt);
}

/// <summary>A whole state machine definition: the root of the model.</summary>
public sealed class StateMachineDefinition : StateGraph
{
    internal static readonly FieldSet Fields = new("Comment", "QueryLanguage", "Version", "TimeoutSeconds", "StartAt", "States");

    internal StateMachineDefinition(JsonObjectSyntax syntax, ModelBuildContext context)
        : this(syntax, context, new List<AslNode>())
    {
    }

    private StateMachineDefinition(JsonObjectSyntax syntax, ModelBuildContext context, List<AslNode> children)
        : base(syntax, Fields, context, children)
    {
        Version = FieldReader.String(syntax, "Version");
        TimeoutSeconds = FieldReader.Integer(syntax, "TimeoutSeconds");
        QueryLanguage = FieldReader.Enum(syntax, "QueryLanguage", AslKeywords.ParseQueryLanguage);
        SetChildren(children);
    }

    /// <summary><c>Version</c> of the Amazon States Language (<c>"1.0"</c>).</summary>
    public string? Version { get; }

    /// <summary><c>TimeoutSeconds</c>: the longest an execution may run.</summary>
    public long? TimeoutSeconds { get; }

    /// <summary>The top-level <c>QueryLanguage</c>, if the field is a string.</summary>
    public QueryLanguage? QueryLanguage { get; }

    /// <summary>The language states inherit: <see cref="QueryLanguage"/> when it names a known one, else JSONPath.</summary>
    public QueryLanguage EffectiveQueryLanguage =>
        QueryLanguage is { } language && language != Model.QueryLanguage.Unknown ? language : Model.QueryLanguage.JsonPath;

    /// <summary>
    /// The location of <paramref name="node"/> relative to this definition, as AWS reports it: the JSON Pointer
    /// with the definition's own pointer removed (<c>/States/X/ResultPath</c>; <c>/</c> for the definition itself).
    /// Differs from <see cref="JsonSyntaxNode.Pointer"/> only when the definition is embedded in a larger document.
    /// </summary>
    public string LocationOf(JsonSyntaxNode node)
    {
        if (node is null)
        {
            throw new System.ArgumentNullException(nameof(node));
        }

        var pointer = node.Pointer;
        var prefix = Pointer;
        if (prefix.Length > 0 && pointer.StartsWith(prefix, System.StringComparison.Ordinal))
        {
            pointer = pointer.Substring(prefix.Length);
        }

        return pointer.Length == 0 ? "/" : pointer;
    }

    /// <summary>The location of a member's value relative to this definition (see <see cref="LocationOf(JsonSyntaxNode)"/>).</summary>
    public string LocationOf(JsonPropertySyntax property) =>
        LocationOf((property ?? throw new System.ArgumentNullException(nameof(property))).Value);

    /// <summary>Every state at any depth (branches and item processors included), in document order.</summary>
    public IEnumerable<State> AllStates()
    {
        foreach (var node in DescendantsAndSelf())
        {
            if (node is State state)
            {
                yield return state;
            }
        }
    }
}

/// <summary>One branch of a Parallel state: <c>StartAt</c>, <c>States</c>, <c>Comment</c>.</summary>
public sealed class ParallelBranch : StateGraph
{
    internal static readonly FieldSet Fields = new("Comment", "StartAt", "States");

    internal ParallelBranch(JsonObjectSyntax syntax, ModelBuildContext context)
        : this(syntax, context, new List<AslNode>())
    {
    }

    private ParallelBranch(JsonObjectSyntax syntax, ModelBuildContext context, List<AslNode> children)
        : base(syntax, Fields, context, children) => SetChildren(children);
}

/// <summary>
/// A Map state's <c>ItemProcessor</c> (or its deprecated synonym <c>Iterator</c>):
/// <c>ProcessorConfig</c>, <c>StartAt</c>, <c>States</c>, <c>Comment</c>.
/// </summary>
public sealed class ItemProcessor : StateGraph
{
    internal static readonly FieldSet Fields = new("Comment", "ProcessorConfig", "StartAt", "States");

    internal ItemProcessor(JsonObjectSyntax syntax, ModelBuildContext context)
        : this(syntax, context, new List<AslNode>())
    {
    }

    private ItemProcessor(JsonObjectSyntax syntax, ModelBuildContext context, List<AslNode> children)
        : base(syntax, Fields, context, children)
    {
        if (FieldReader.Object(syntax, "ProcessorConfig") is { } config)
        {
            ProcessorConfig = new ProcessorConfig(config);
            children.Add(ProcessorConfig);
        }

        SetChildren(children);
    }

    /// <summary><c>ProcessorConfig</c>, if present as an object.</summary>
    public ProcessorConfig? ProcessorConfig { get; }

    /// <summary>The processing mode: <c>ProcessorConfig.Mode</c> when it names a known one, else INLINE.</summary>
    public ProcessorMode EffectiveMode =>
        ProcessorConfig?.Mode is { } mode && mode != ProcessorMode.Unknown ? mode : ProcessorMode.Inline;
}

/// <summary>An ItemProcessor's <c>ProcessorConfig</c>: <c>Mode</c> and <c>ExecutionType</c>.</summary>
public sealed class ProcessorConfig : AslNode
{
    internal static readonly FieldSet Fields = new("Mode", "ExecutionType");

    internal ProcessorConfig(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        Mode = FieldReader.Enum(syntax, "Mode", AslKeywords.ParseProcessorMode);
        ExecutionType = FieldReader.Enum(syntax, "ExecutionType", AslKeywords.ParseExecutionType);
    }

    /// <summary><c>Mode</c>: INLINE or DISTRIBUTED.</summary>
    public ProcessorMode? Mode { get; }

    /// <summary><c>ExecutionType</c> of child executions (distributed mode): STANDARD or EXPRESS.</summary>
    public ExecutionType? ExecutionType { get; }
}
