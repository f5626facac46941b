using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace AslCompiler.Language.Jsonata;

/// <summary>The kinds of JSONata syntax nodes (after JSONata's post-parse processing).</summary>
public enum JsonataNodeKind
{
    /// <summary>A location path <c>a.b.c</c>: a list of steps (<see cref="JsonataPathNode"/>).</summary>
    Path,

    /// <summary>A field name, plain or backtick-quoted (<see cref="JsonataNameNode"/>).</summary>
    Name,

    /// <summary>A variable reference <c>$x</c>, <c>$</c> (context) or <c>$$</c> (root) (<see cref="JsonataVariableNode"/>).</summary>
    Variable,

    /// <summary>A string literal (<see cref="JsonataStringNode"/>).</summary>
    String,

    /// <summary>A number literal (<see cref="JsonataNumberNode"/>).</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c> (<see cref="JsonataBooleanNode"/>).</summary>
    Boolean,

    /// <summary><c>null</c> (<see cref="JsonataNullNode"/>).</summary>
    Null,

    /// <summary>A regular expression literal <c>/ab+/i</c> (<see cref="JsonataRegexNode"/>).</summary>
    Regex,

    /// <summary>The field wildcard <c>*</c> (<see cref="JsonataWildcardNode"/>).</summary>
    Wildcard,

    /// <summary>The descendant wildcard <c>**</c> (<see cref="JsonataDescendantNode"/>).</summary>
    Descendant,

    /// <summary>The parent operator <c>%</c> (<see cref="JsonataParentNode"/>).</summary>
    Parent,

    /// <summary>A binary operator: arithmetic, comparison, <c>and</c>/<c>or</c>, <c>in</c>, <c>&amp;</c>, range <c>..</c> (<see cref="JsonataBinaryNode"/>).</summary>
    Binary,

    /// <summary>Unary minus (<see cref="JsonataNegateNode"/>).</summary>
    Negate,

    /// <summary>An array constructor <c>[a, b, 1..3]</c> (<see cref="JsonataArrayNode"/>).</summary>
    Array,

    /// <summary>An object constructor <c>{k: v}</c> (<see cref="JsonataObjectNode"/>).</summary>
    Object,

    /// <summary>An order-by step <c>^(&gt;a, b)</c> inside a path (<see cref="JsonataSortNode"/>).</summary>
    Sort,

    /// <summary>Variable binding <c>$x := value</c> (<see cref="JsonataBindNode"/>).</summary>
    Bind,

    /// <summary>Function application (chaining) <c>a ~&gt; $f</c> (<see cref="JsonataApplyNode"/>).</summary>
    Apply,

    /// <summary>A function call <c>$f(a, b)</c> (<see cref="JsonataFunctionCallNode"/>).</summary>
    FunctionCall,

    /// <summary>A partial application <c>$f(?, 2)</c> (<see cref="JsonataFunctionCallNode"/> with placeholders).</summary>
    PartialApplication,

    /// <summary>The <c>?</c> placeholder argument of a partial application (<see cref="JsonataPlaceholderNode"/>).</summary>
    Placeholder,

    /// <summary>A lambda <c>function($x){...}</c> or <c>λ($x){...}</c>, or a tail-call thunk (<see cref="JsonataLambdaNode"/>).</summary>
    Lambda,

    /// <summary>The conditional <c>c ? a : b</c> (<see cref="JsonataConditionNode"/>).</summary>
    Condition,

    /// <summary>A transform <c>| pattern | update, delete |</c> (<see cref="JsonataTransformNode"/>).</summary>
    Transform,

    /// <summary>A block <c>(a; b)</c> (<see cref="JsonataBlockNode"/>).</summary>
    Block,
}

/// <summary>The binary operators.</summary>
public enum JsonataBinaryOperator
{
    /// <summary><c>+</c></summary>
    Add,

    /// <summary><c>-</c></summary>
    Subtract,

    /// <summary><c>*</c></summary>
    Multiply,

    /// <summary><c>/</c></summary>
    Divide,

    /// <summary><c>%</c></summary>
    Modulo,

    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>&amp;</c> (string concatenation)</summary>
    Concat,

    /// <summary><c>and</c></summary>
    And,

    /// <summary><c>or</c></summary>
    Or,

    /// <summary><c>in</c></summary>
    In,

    /// <summary><c>..</c> (only directly inside an array constructor)</summary>
    Range,
}

/// <summary>
/// A node of a JSONata syntax tree, as JSONata's parser leaves it after its post-parse stage: location paths are
/// flattened into <see cref="JsonataPathNode.Steps"/>, predicates, <c>#</c>/<c>@</c> bindings and group-by are
/// attached to the step they follow, and tail calls in lambda bodies are wrapped in thunks.
/// </summary>
/// <remarks>
/// The tree is immutable once <see cref="JsonataParser"/> returns it. Its height is bounded (see
/// <see cref="JsonataParserOptions.MaxDepth"/>), so consumers may walk it recursively.
/// Besides its own parts, any node can carry step annotations: <see cref="Predicates"/> (filters on a node that is
/// not inside a path), <see cref="Stages"/> (filters and index bindings of a path step, in source order),
/// <see cref="GroupBy"/>, <see cref="FocusVariable"/> (<c>@$v</c>), <see cref="IndexVariable"/> (<c>#$i</c> before any
/// stage), <see cref="Tuple"/>, <see cref="KeepArray"/> (<c>[]</c>), <see cref="ConsArray"/> and <see cref="Ancestor"/>.
/// </remarks>
public abstract class JsonataNode
{
    private static readonly ReadOnlyCollection<JsonataStage> NoStages = new(Array.Empty<JsonataStage>());

    private List<JsonataStage>? _predicates;
    private List<JsonataStage>? _stages;

    /// <summary>Creates a node at <paramref name="position"/>.</summary>
    private protected JsonataNode(int position) => Position = position;

    /// <summary>What kind of node this is.</summary>
    public abstract JsonataNodeKind Kind { get; }

    /// <summary>Offset of the node's defining token in the expression (the operator of a binary node, the name of a name, <c>(</c> of a call or block, ...).</summary>
    public int Position { get; internal set; }

    /// <summary>Filters applied to this node's value when it is not a step of a path (<c>$x[0]</c>), in source order. All are <see cref="JsonataStageKind.Filter"/>.</summary>
    public IReadOnlyList<JsonataStage> Predicates => (IReadOnlyList<JsonataStage>?)_predicates ?? NoStages;

    /// <summary>Filters and index bindings applied to this step of a path, in source order.</summary>
    public IReadOnlyList<JsonataStage> Stages => (IReadOnlyList<JsonataStage>?)_stages ?? NoStages;

    /// <summary>A group-by object constructor following this step (<c>a{k: v}</c>).</summary>
    public JsonataGroupBy? GroupBy { get; internal set; }

    /// <summary>The context variable bound by <c>@$v</c> on this step (name without <c>$</c>).</summary>
    public string? FocusVariable { get; internal set; }

    /// <summary>The position variable bound by <c>#$i</c> on this step when no stage precedes it (name without <c>$</c>); later ones are <see cref="JsonataStageKind.Index"/> stages.</summary>
    public string? IndexVariable { get; internal set; }

    /// <summary>Whether this node is evaluated as a tuple stream (it or a later step binds variables or is the target of <c>%</c>).</summary>
    public bool Tuple { get; internal set; }

    /// <summary>Whether the result must stay an array even when it has one item (the <c>[]</c> suffix).</summary>
    public bool KeepArray { get; internal set; }

    /// <summary>Whether this array constructor (or block ending in one) is the first or last step of a path and so must not be flattened.</summary>
    public bool ConsArray { get; internal set; }

    /// <summary>For a name or wildcard step that a <c>%</c> refers to: the slot the parent value is stored in.</summary>
    public JsonataAncestorSlot? Ancestor { get; internal set; }

    /// <summary>The JSONata text of this node (whitespace and comments normalized; parses back to the same tree).</summary>
    public override string ToString() => JsonataSyntaxPrinter.Print(this, fullyParenthesized: false);

    /// <summary>Like <see cref="ToString"/> but with every operator application in parentheses, to show the tree's shape.</summary>
    public string ToFullyParenthesizedString() => JsonataSyntaxPrinter.Print(this, fullyParenthesized: true);

    /// <summary>Parent-slot requests not yet resolved (parser-internal).</summary>
    internal List<JsonataAncestorSlot>? SeekingParent { get; set; }

    internal bool HasPredicates => _predicates is not null;

    internal bool HasStages => _stages is not null;

    internal void AddPredicate(JsonataStage stage) => (_predicates ??= new List<JsonataStage>()).Add(stage);

    internal void AddStage(JsonataStage stage) => (_stages ??= new List<JsonataStage>()).Add(stage);

    /// <summary>Moves <see cref="Predicates"/> to <see cref="Stages"/> (what JSONata does when a node becomes a path step).</summary>
    internal void MovePredicatesToStages()
    {
        if (_predicates is not null)
        {
            _stages = _predicates;
            _predicates = null;
        }
    }

    /// <summary>Copies the step annotations of <paramref name="other"/> (used when a string step becomes a name).</summary>
    internal void CopyAnnotationsFrom(JsonataNode other)
    {
        _predicates = other._predicates;
        _stages = other._stages;
        GroupBy = other.GroupBy;
        FocusVariable = other.FocusVariable;
        IndexVariable = other.IndexVariable;
        Tuple = other.Tuple;
        KeepArray = other.KeepArray;
        ConsArray = other.ConsArray;
        Ancestor = other.Ancestor;
        SeekingParent = other.SeekingParent;
    }
}

/// <summary>The kinds of stage on a path step.</summary>
public enum JsonataStageKind
{
    /// <summary>A predicate <c>[expr]</c>: an index (number) or a filter (anything else), decided at evaluation.</summary>
    Filter,

    /// <summary>A position binding <c>#$i</c> after an earlier stage.</summary>
    Index,
}

/// <summary>A predicate or index binding attached to a step.</summary>
public sealed class JsonataStage
{
    internal JsonataStage(JsonataStageKind kind, JsonataNode? expression, string? variable, int position)
    {
        Kind = kind;
        Expression = expression;
        Variable = variable;
        Position = position;
    }

    /// <summary>Filter or index binding.</summary>
    public JsonataStageKind Kind { get; }

    /// <summary>The predicate expression of a <see cref="JsonataStageKind.Filter"/>.</summary>
    public JsonataNode? Expression { get; }

    /// <summary>The variable name (without <c>$</c>) of an <see cref="JsonataStageKind.Index"/> stage.</summary>
    public string? Variable { get; }

    /// <summary>Offset of the <c>[</c> or <c>#</c>.</summary>
    public int Position { get; }
}

/// <summary>A group-by clause <c>{key: value, ...}</c> following a step.</summary>
public sealed class JsonataGroupBy
{
    internal JsonataGroupBy(IReadOnlyList<JsonataObjectPair> pairs, int position)
    {
        Pairs = pairs;
        Position = position;
    }

    /// <summary>The key/value expression pairs.</summary>
    public IReadOnlyList<JsonataObjectPair> Pairs { get; }

    /// <summary>Offset of the <c>{</c>.</summary>
    public int Position { get; }
}

/// <summary>One <c>key: value</c> pair of an object constructor or group-by.</summary>
public sealed class JsonataObjectPair
{
    internal JsonataObjectPair(JsonataNode key, JsonataNode value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key expression.</summary>
    public JsonataNode Key { get; }

    /// <summary>The value expression.</summary>
    public JsonataNode Value { get; }
}

/// <summary>
/// Where the value a <c>%</c> refers to is kept during evaluation: the step named by <see cref="JsonataNode.Ancestor"/>
/// stores its input under <see cref="Label"/>, and the <see cref="JsonataParentNode"/> reads it back.
/// </summary>
public sealed class JsonataAncestorSlot
{
    internal JsonataAncestorSlot(string label, int level, int index)
    {
        Label = label;
        Level = level;
        Index = index;
    }

    /// <summary>The binding name (<c>!0</c>, <c>!1</c>, ...); several parents referring to one step share a label.</summary>
    public string Label { get; internal set; }

    /// <summary>Levels still to climb (parser-internal; 0 once resolved).</summary>
    internal int Level { get; set; }

    /// <summary>The number of the <c>%</c> in source order.</summary>
    public int Index { get; }
}

/// <summary>A location path: steps evaluated left to right, each mapping over the results of the previous.</summary>
public sealed class JsonataPathNode : JsonataNode
{
    private readonly List<JsonataNode> _steps;

    internal JsonataPathNode(JsonataNode first)
        : base(first.Position) => _steps = new List<JsonataNode> { first };

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Path;

    /// <summary>The steps (at least one).</summary>
    public IReadOnlyList<JsonataNode> Steps => _steps;

    /// <summary>Whether any step has <c>[]</c>, so a singleton result stays an array.</summary>
    public bool KeepSingletonArray { get; internal set; }

    internal List<JsonataNode> MutableSteps => _steps;
}

/// <summary>A field name.</summary>
public sealed class JsonataNameNode : JsonataNode
{
    internal JsonataNameNode(string name, int position)
        : base(position) => Name = name;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Name;

    /// <summary>The field name (without backticks).</summary>
    public string Name { get; }
}

/// <summary>A variable reference.</summary>
public sealed class JsonataVariableNode : JsonataNode
{
    internal JsonataVariableNode(string name, int position)
        : base(position) => Name = name;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Variable;

    /// <summary>The name without <c>$</c>: empty for <c>$</c> (the context value), <c>$</c> for <c>$$</c> (the root input).</summary>
    public string Name { get; }

    /// <summary>Whether this is <c>$</c>, the context value.</summary>
    public bool IsContext => Name.Length == 0;

    /// <summary>Whether this is <c>$$</c>, the root input.</summary>
    public bool IsRoot => Name == "$";
}

/// <summary>A string literal.</summary>
public sealed class JsonataStringNode : JsonataNode
{
    internal JsonataStringNode(string value, int position)
        : base(position) => Value = value;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.String;

    /// <summary>The decoded string.</summary>
    public string Value { get; }
}

/// <summary>A number literal (unary minus on a literal is folded in).</summary>
public sealed class JsonataNumberNode : JsonataNode
{
    internal JsonataNumberNode(double value, int position)
        : base(position) => Value = value;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Number;

    /// <summary>The value (finite).</summary>
    public double Value { get; internal set; }
}

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class JsonataBooleanNode : JsonataNode
{
    internal JsonataBooleanNode(bool value, int position)
        : base(position) => Value = value;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Boolean;

    /// <summary>The value.</summary>
    public bool Value { get; }
}

/// <summary><c>null</c>.</summary>
public sealed class JsonataNullNode : JsonataNode
{
    internal JsonataNullNode(int position)
        : base(position)
    {
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Null;
}

/// <summary>A regular expression literal, in JavaScript regex syntax (the evaluator translates it).</summary>
public sealed class JsonataRegexNode : JsonataNode
{
    internal JsonataRegexNode(string pattern, string flags, int position)
        : base(position)
    {
        Pattern = pattern;
        Flags = flags;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Regex;

    /// <summary>The pattern between the slashes, as written.</summary>
    public string Pattern { get; }

    /// <summary>The flags: empty, <c>i</c>, <c>m</c> or <c>im</c> (JSONata always adds <c>g</c>).</summary>
    public string Flags { get; }

    /// <summary>Whether the <c>i</c> flag is set.</summary>
    public bool IgnoreCase => JsonataSyntaxPrinter.ContainsChar(Flags, 'i');

    /// <summary>Whether the <c>m</c> flag is set.</summary>
    public bool Multiline => JsonataSyntaxPrinter.ContainsChar(Flags, 'm');
}

/// <summary>The field wildcard <c>*</c>.</summary>
public sealed class JsonataWildcardNode : JsonataNode
{
    internal JsonataWildcardNode(int position)
        : base(position)
    {
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Wildcard;
}

/// <summary>The descendant wildcard <c>**</c>.</summary>
public sealed class JsonataDescendantNode : JsonataNode
{
    internal JsonataDescendantNode(int position)
        : base(position)
    {
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Descendant;
}

/// <summary>The parent operator <c>%</c>: reads the value stored under <see cref="Slot"/> by an earlier step.</summary>
public sealed class JsonataParentNode : JsonataNode
{
    internal JsonataParentNode(JsonataAncestorSlot slot, int position)
        : base(position) => Slot = slot;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Parent;

    /// <summary>The slot holding the parent value.</summary>
    public JsonataAncestorSlot Slot { get; }
}

/// <summary>A binary operator application.</summary>
public sealed class JsonataBinaryNode : JsonataNode
{
    internal JsonataBinaryNode(JsonataBinaryOperator op, JsonataNode left, JsonataNode right, int position)
        : base(position)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Binary;

    /// <summary>The operator.</summary>
    public JsonataBinaryOperator Operator { get; }

    /// <summary>The left operand.</summary>
    public JsonataNode Left { get; }

    /// <summary>The right operand.</summary>
    public JsonataNode Right { get; }

    /// <summary>The operator's JSONata spelling (<c>+</c>, <c>!=</c>, <c>and</c>, <c>..</c>, ...).</summary>
    public string OperatorText => JsonataSyntaxPrinter.OperatorText(Operator);
}

/// <summary>Unary minus on a non-literal operand.</summary>
public sealed class JsonataNegateNode : JsonataNode
{
    internal JsonataNegateNode(JsonataNode operand, int position)
        : base(position) => Operand = operand;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Negate;

    /// <summary>The operand.</summary>
    public JsonataNode Operand { get; }
}

/// <summary>An array constructor; items may be <see cref="JsonataBinaryOperator.Range"/> nodes.</summary>
public sealed class JsonataArrayNode : JsonataNode
{
    internal JsonataArrayNode(IReadOnlyList<JsonataNode> items, int position)
        : base(position) => Items = items;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Array;

    /// <summary>The item expressions.</summary>
    public IReadOnlyList<JsonataNode> Items { get; }
}

/// <summary>An object constructor (not following a step; that is <see cref="JsonataNode.GroupBy"/>).</summary>
public sealed class JsonataObjectNode : JsonataNode
{
    internal JsonataObjectNode(IReadOnlyList<JsonataObjectPair> pairs, int position)
        : base(position) => Pairs = pairs;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Object;

    /// <summary>The key/value expression pairs.</summary>
    public IReadOnlyList<JsonataObjectPair> Pairs { get; }
}

/// <summary>One sort key of an order-by step.</summary>
public sealed class JsonataSortTerm
{
    internal JsonataSortTerm(bool descending, JsonataNode expression)
    {
        Descending = descending;
        Expression = expression;
    }

    /// <summary>Whether the term was written <c>&gt;expr</c>.</summary>
    public bool Descending { get; }

    /// <summary>The key expression.</summary>
    public JsonataNode Expression { get; }
}

/// <summary>An order-by step <c>^(...)</c>, always a step of a path.</summary>
public sealed class JsonataSortNode : JsonataNode
{
    internal JsonataSortNode(IReadOnlyList<JsonataSortTerm> terms, int position)
        : base(position) => Terms = terms;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Sort;

    /// <summary>The sort terms, most significant first.</summary>
    public IReadOnlyList<JsonataSortTerm> Terms { get; }
}

/// <summary>A variable binding <c>$name := value</c>.</summary>
public sealed class JsonataBindNode : JsonataNode
{
    internal JsonataBindNode(JsonataVariableNode variable, JsonataNode value, int position)
        : base(position)
    {
        Variable = variable;
        Value = value;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Bind;

    /// <summary>The variable being bound.</summary>
    public JsonataVariableNode Variable { get; }

    /// <summary>The bound expression.</summary>
    public JsonataNode Value { get; }
}

/// <summary>Function application <c>left ~&gt; right</c>: calls <see cref="Right"/> with <see cref="Left"/> as first argument (or composes two functions).</summary>
public sealed class JsonataApplyNode : JsonataNode
{
    internal JsonataApplyNode(JsonataNode left, JsonataNode right, int position)
        : base(position)
    {
        Left = left;
        Right = right;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Apply;

    /// <summary>The value (or function) on the left.</summary>
    public JsonataNode Left { get; }

    /// <summary>The function (or call with the first argument missing) on the right.</summary>
    public JsonataNode Right { get; }
}

/// <summary>A function call or, when <see cref="IsPartial"/>, a partial application with <see cref="JsonataPlaceholderNode"/> arguments.</summary>
public sealed class JsonataFunctionCallNode : JsonataNode
{
    internal JsonataFunctionCallNode(JsonataNode procedure, IReadOnlyList<JsonataNode> arguments, bool isPartial, int position)
        : base(position)
    {
        Procedure = procedure;
        Arguments = arguments;
        IsPartial = isPartial;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => IsPartial ? JsonataNodeKind.PartialApplication : JsonataNodeKind.FunctionCall;

    /// <summary>What is called: usually a <see cref="JsonataVariableNode"/> (<c>$sum</c>), but any expression.</summary>
    public JsonataNode Procedure { get; }

    /// <summary>The arguments.</summary>
    public IReadOnlyList<JsonataNode> Arguments { get; }

    /// <summary>Whether any argument is the <c>?</c> placeholder.</summary>
    public bool IsPartial { get; }

    /// <summary>The called function's name when <see cref="Procedure"/> is a variable (<c>sum</c> for <c>$sum(...)</c>).</summary>
    public string? FunctionName => Procedure is JsonataVariableNode variable ? variable.Name : null;
}

/// <summary>The <c>?</c> placeholder in a partial application.</summary>
public sealed class JsonataPlaceholderNode : JsonataNode
{
    internal JsonataPlaceholderNode(int position)
        : base(position)
    {
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Placeholder;
}

/// <summary>
/// A lambda, or (when <see cref="IsThunk"/>) the thunk JSONata wraps around a call in tail position of a lambda body
/// so the evaluator can run tail recursion in a loop.
/// </summary>
public sealed class JsonataLambdaNode : JsonataNode
{
    internal JsonataLambdaNode(IReadOnlyList<string> parameters, JsonataSignature? signature, JsonataNode body, bool isThunk, int position)
        : base(position)
    {
        Parameters = parameters;
        Signature = signature;
        Body = body;
        IsThunk = isThunk;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Lambda;

    /// <summary>Parameter names (without <c>$</c>).</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The <c>&lt;...&gt;</c> signature, when written.</summary>
    public JsonataSignature? Signature { get; }

    /// <summary>The body.</summary>
    public JsonataNode Body { get; }

    /// <summary>Whether this is a tail-call thunk (no parameters; <see cref="Body"/> is the call).</summary>
    public bool IsThunk { get; }
}

/// <summary>The conditional <c>condition ? then : else</c>.</summary>
public sealed class JsonataConditionNode : JsonataNode
{
    internal JsonataConditionNode(JsonataNode condition, JsonataNode then, JsonataNode? otherwise, int position)
        : base(position)
    {
        Condition = condition;
        Then = then;
        Else = otherwise;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Condition;

    /// <summary>The condition.</summary>
    public JsonataNode Condition { get; internal set; }

    /// <summary>The value when the condition is truthy.</summary>
    public JsonataNode Then { get; internal set; }

    /// <summary>The value otherwise (absent: undefined).</summary>
    public JsonataNode? Else { get; internal set; }
}

/// <summary>A transform <c>| pattern | update [, delete] |</c>.</summary>
public sealed class JsonataTransformNode : JsonataNode
{
    internal JsonataTransformNode(JsonataNode pattern, JsonataNode update, JsonataNode? delete, int position)
        : base(position)
    {
        Pattern = pattern;
        Update = update;
        Delete = delete;
    }

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Transform;

    /// <summary>Selects the objects to change.</summary>
    public JsonataNode Pattern { get; }

    /// <summary>The object merged into each selected object.</summary>
    public JsonataNode Update { get; }

    /// <summary>The field name(s) to remove, when given.</summary>
    public JsonataNode? Delete { get; }
}

/// <summary>A block <c>(a; b; c)</c>: evaluated in a new variable scope, value of the last expression.</summary>
public sealed class JsonataBlockNode : JsonataNode
{
    private readonly List<JsonataNode> _expressions;

    internal JsonataBlockNode(List<JsonataNode> expressions, int position)
        : base(position) => _expressions = expressions;

    /// <inheritdoc/>
    public override JsonataNodeKind Kind => JsonataNodeKind.Block;

    /// <summary>The expressions (possibly none).</summary>
    public IReadOnlyList<JsonataNode> Expressions => _expressions;

    internal List<JsonataNode> MutableExpressions => _expressions;
}
