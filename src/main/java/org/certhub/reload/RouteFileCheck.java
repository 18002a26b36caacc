package org.certhub.reload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.StringHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a route file into route definitions without touching the running routes, and checks them against what runs:
 * explicit and unique route ids, endpoints that resolve, {@code direct:} targets and beans that exist. A route made
 * from a route template ({@code templatedRoute}) is checked as the route the running template makes of it, its
 * placeholders resolved with the template's parameters as Camel resolves them.
 */
final class RouteFileCheck {

    /**
     * What a route file holds.
     *
     * @param routes          its {@code route} items
     * @param templatedRoutes its {@code templatedRoute} items: routes made from a route template
     * @param templates       its {@code routeTemplate} items by template id, as written (comments aside)
     */
    record RouteFile(
            List<RouteDefinition> routes,
            List<TemplatedRouteDefinition> templatedRoutes,
            Map<String, JsonNode> templates) {

        static final RouteFile EMPTY = new RouteFile(List.of(), List.of(), Map.of());

        /** The ids of the routes the file makes, its own and those from templates, in file order. */
        List<String> routeIds() {
            var ids = new ArrayList<String>();
            routes.forEach(r -> ids.add(r.getRouteId()));
            templatedRoutes.forEach(t -> ids.add(t.getRouteId()));
            return ids;
        }
    }

    /** A route file that cannot be read at all. */
    static final class UnreadableRouteFile extends RuntimeException {
        UnreadableRouteFile(String message) {
            super(message);
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> RELOADED_ITEMS = Set.of("route", "templatedRoute", "routeTemplate");

    private final CamelContext camel;
    private final Set<String> requiredEndpoints;
    private final Function<String, java.util.Optional<String>> locate;

    RouteFileCheck(CamelContext camel, Collection<String> requiredEndpoints) {
        this(camel, requiredEndpoints, id -> java.util.Optional.empty());
    }

    /**
     * @param locate where a running route was loaded from when Camel does not say ({@code file:routes/x.yaml}): Camel
     *               gives a route made from a template no resource
     */
    RouteFileCheck(
            CamelContext camel,
            Collection<String> requiredEndpoints,
            Function<String, java.util.Optional<String>> locate) {
        this.camel = camel;
        this.requiredEndpoints = new TreeSet<>(requiredEndpoints);
        this.locate = locate;
    }

    /**
     * The routes, templated routes and route templates the content defines; nothing is added to the context.
     *
     * @param location where the content comes from, {@code file:routes/x.yaml}: it names the file in errors
     */
    RouteFile parse(String location, String content) {
        JsonNode tree;
        try {
            tree = YAML.readTree(content);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            if (e.getLocation() != null && !message.contains("line")) {
                message += " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
            }
            throw new UnreadableRouteFile("YAML 无法解析 (the YAML does not parse): " + message);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return RouteFile.EMPTY;
        }
        if (!tree.isArray()) {
            throw new UnreadableRouteFile("路由文件须是一个列表 (a route file is a list of `- route:` items)");
        }
        for (int i = 0; i < tree.size(); i++) {
            JsonNode item = tree.get(i);
            var keys = item.isObject() ? item.propertyNames() : List.<String>of();
            // beans, route configurations and REST definitions change the context as they are read: they are only
            // taken at start-up (templates too, but their items are compared with the running ones: see templates)
            if (keys.size() != 1 || !RELOADED_ITEMS.contains(keys.iterator().next())) {
                throw new UnreadableRouteFile("第 " + (i + 1) + " 项不是 route 或 templatedRoute，运行中只能重新加载这两种 (item "
                        + (i + 1) + " is " + keys + ": only `route` and `templatedRoute` items are reloaded while the "
                        + "hub runs; restart the hub to take other items)");
            }
        }
        try {
            var routes = new ArrayList<RouteDefinition>();
            var templated = new ArrayList<TemplatedRouteDefinition>();
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel)
                    .findRoutesBuilders(ResourceHelper.fromString(location, content))) {
                if (!(builder instanceof RouteBuilder routeBuilder)) {
                    throw new UnreadableRouteFile(
                            "unexpected routes builder " + builder.getClass().getName());
                }
                routes.addAll(routeBuilder.configureRoutes(camel).getRoutes());
                templated.addAll(routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes());
            }
            return new RouteFile(routes, templated, templates(tree));
        } catch (UnreadableRouteFile e) {
            throw e;
        } catch (Exception e) {
            throw new UnreadableRouteFile("路由无法读取 (the routes cannot be read): " + e.getMessage());
        }
    }

    /** The {@code routeTemplate} items of a route file by template id; empty when the file does not parse. */
    static Map<String, JsonNode> templates(String content) {
        try {
            return templates(YAML.readTree(content));
        } catch (JacksonException e) {
            return Map.of();
        }
    }

    private static Map<String, JsonNode> templates(JsonNode tree) {
        var templates = new TreeMap<String, JsonNode>();
        if (tree != null && tree.isArray()) {
            for (JsonNode item : tree) {
                JsonNode template = item.get("routeTemplate");
                if (template != null) {
                    JsonNode id = template.get("id");
                    templates.put(id == null ? "" : id.asString(), template);
                }
            }
        }
        return templates;
    }

    /** The ids of the routes a route file makes from templates ({@code templatedRoute} items with a routeId). */
    static List<String> templatedRouteIds(String content) {
        var ids = new ArrayList<String>();
        try {
            JsonNode tree = YAML.readTree(content);
            if (tree != null && tree.isArray()) {
                for (JsonNode item : tree) {
                    JsonNode templated = item.get("templatedRoute");
                    if (templated != null && templated.get("routeId") != null) {
                        ids.add(templated.get("routeId").asString());
                    }
                }
            }
        } catch (JacksonException e) {
            // a file Camel loaded parses; one that does not makes no routes
        }
        return ids;
    }

    /**
     * Why a file's route templates cannot be taken while the hub runs: the running ones are what its routes were made
     * from. Empty when the file's templates are those that run.
     */
    static java.util.Optional<String> templateChange(Map<String, JsonNode> running, Map<String, JsonNode> edited) {
        if (running.equals(edited)) {
            return java.util.Optional.empty();
        }
        var changes = new ArrayList<String>();
        var ids = new TreeSet<String>(running.keySet());
        ids.addAll(edited.keySet());
        for (String id : ids) {
            if (!edited.containsKey(id)) {
                changes.add(id + " removed");
            } else if (!running.containsKey(id)) {
                changes.add(id + " added");
            } else if (!running.get(id).equals(edited.get(id))) {
                changes.add(id + " changed");
            }
        }
        return java.util.Optional.of("路由模板只在启动时加载，重启中心后修改才生效；运行中的模板及其路由保持不变 (route templates are taken "
                + "at start-up only: restart the hub to take template changes (" + String.join(", ", changes)
                + "); the running templates and the routes made from them stay as they are)");
    }

    /**
     * The routes the running templates make of {@code templated}, as Camel would add them, without adding them; what
     * is wrong with a templated route (an unknown template, no route id, a missing or unknown parameter) goes to
     * {@code problems} instead.
     */
    List<RouteDefinition> expand(List<TemplatedRouteDefinition> templated, List<String> problems) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        var routes = new ArrayList<RouteDefinition>();
        for (TemplatedRouteDefinition t : templated) {
            String ref = t.getRouteTemplateRef();
            String id = t.getRouteId();
            String where = "路由 " + id + " (route " + id + "): ";
            RouteTemplateDefinition template = ref == null ? null : model.getRouteTemplateDefinition(ref);
            if (template == null) {
                var known = new TreeSet<String>();
                model.getRouteTemplateDefinitions().forEach(d -> known.add(d.getId()));
                problems.add(where + "路由模板 " + ref + " 不存在 (there is no route template " + ref + "; the hub has "
                        + known + ")");
                continue;
            }
            if (id == null || id.isBlank()) {
                problems.add(
                        "路由须有 id (every route needs an id: a templatedRoute of template " + ref + " has no routeId)");
                continue;
            }
            Map<String, RouteTemplateParameterDefinition> declared = new LinkedHashMap<>();
            if (template.getTemplateParameters() != null) {
                template.getTemplateParameters()
                        .forEach(p -> declared.put(StringHelper.dashToCamelCase(p.getName()), p));
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            declared.values().stream()
                    .filter(p -> p.getDefaultValue() != null)
                    .forEach(p -> addParameter(parameters, p.getName(), p.getDefaultValue()));
            var given = new HashSet<String>();
            boolean valid = true;
            for (TemplatedRouteParameterDefinition p :
                    t.getParameters() == null ? List.<TemplatedRouteParameterDefinition>of() : t.getParameters()) {
                String key = StringHelper.dashToCamelCase(p.getName());
                if (!declared.containsKey(key)) {
                    problems.add(where + "路由模板 " + ref + " 没有参数 " + p.getName() + " (route template " + ref
                            + " has no parameter " + p.getName() + "; its parameters are " + names(declared) + ")");
                    valid = false;
                }
                given.add(key);
                addParameter(parameters, p.getName(), p.getValue() == null ? "" : p.getValue());
            }
            for (var parameter : declared.entrySet()) {
                RouteTemplateParameterDefinition p = parameter.getValue();
                if (p.isRequired() && p.getDefaultValue() == null && !given.contains(parameter.getKey())) {
                    problems.add(where + "缺少路由模板 " + ref + " 的必填参数 " + p.getName() + " (route template " + ref
                            + " needs the parameter " + p.getName()
                            + (p.getDescription() == null ? "" : ": " + p.getDescription()) + ")");
                    valid = false;
                }
            }
            if (!valid) {
                continue;
            }
            RouteDefinition route = template.asRouteDefinition();
            route.setId(id);
            route.setTemplateParameters(parameters);
            route.setResource(t.getResource());
            routes.add(route);
        }
        return routes;
    }

    private static String names(Map<String, RouteTemplateParameterDefinition> declared) {
        return declared.values().stream()
                .map(RouteTemplateParameterDefinition::getName)
                .toList()
                .toString();
    }

    /** A parameter under its name, camelCase and kebab-case, as Camel offers a template's parameters. */
    private static void addParameter(Map<String, Object> parameters, String name, Object value) {
        parameters.put(name, value);
        parameters.put(StringHelper.dashToCamelCase(name), value);
        parameters.put(StringHelper.camelCaseToDash(StringHelper.dashToCamelCase(name)), value);
    }

    /**
     * Resolves the property placeholders of a text of {@code route}; for a route made from a template, its parameters
     * come first, as when Camel creates the route. Only the reload thread calls it: Camel keeps a template's parameters
     * on one stack for the whole context while it resolves.
     */
    String resolve(RouteDefinition route, String text) {
        Map<String, Object> parameters = route.getTemplateParameters();
        if (parameters == null || parameters.isEmpty()) {
            return camel.resolvePropertyPlaceholders(text);
        }
        var local = new Properties();
        parameters.forEach((k, v) -> local.setProperty(k, String.valueOf(v)));
        PropertiesComponent properties = camel.getPropertiesComponent();
        properties.setLocalProperties(local);
        try {
            return camel.resolvePropertyPlaceholders(text);
        } finally {
            properties.setLocalProperties(null);
        }
    }

    /**
     * What is wrong with running {@code routes} in place of the routes {@code replaced} (the file's current routes);
     * empty when nothing is.
     */
    List<String> problems(List<RouteDefinition> routes, Set<String> replaced) {
        var problems = new ArrayList<String>();
        List<RouteDefinition> others =
                camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                        .filter(r -> !replaced.contains(r.getRouteId()))
                        .toList();
        var otherIds = new TreeSet<String>();
        others.forEach(r -> otherIds.add(r.getRouteId()));
        camel.getRoutes().stream()
                .map(org.apache.camel.Route::getRouteId)
                .filter(id -> !replaced.contains(id))
                .forEach(otherIds::add);
        var ids = new TreeSet<String>();
        for (RouteDefinition route : routes) {
            String id = route.getRouteId();
            if (id == null || !route.hasCustomIdAssigned()) {
                problems.add("路由须有 id (every route needs an id; from "
                        + route.getInput().getEndpointUri() + ")");
            } else if (!ids.add(id)) {
                problems.add("路由 id " + id + " 在文件中重复 (route id " + id + " is used twice in the file)");
            } else if (otherIds.contains(id)) {
                problems.add("路由 id " + id + " 已被其他路由使用 (route id " + id + " is already used by another route"
                        + sourceOf(others, id) + ")");
            }
        }
        for (RouteDefinition route : routes) {
            checkEndpoints(route, problems);
        }
        checkDirectEndpoints(routes, others, replaced, problems);
        return problems;
    }

    private String sourceOf(List<RouteDefinition> routes, String id) {
        return routes.stream()
                .filter(r -> id.equals(r.getRouteId()) && r.getResource() != null)
                .map(r -> r.getResource().getLocation())
                .findFirst()
                .or(() -> locate.apply(id))
                .map(location -> " in " + location)
                .orElse("");
    }

    private void checkEndpoints(RouteDefinition route, List<String> problems) {
        String name = route.getRouteId() != null
                ? route.getRouteId()
                : route.getInput().getEndpointUri();
        String where = "路由 " + name + " (route " + name + "): ";
        checkUri(route, route.getInput().getEndpointUri(), where, problems);
        for (Object step : steps(route)) {
            if (step instanceof EndpointRequiredDefinition e) {
                checkUri(route, e.getEndpointUri(), where, problems);
            } else if (step instanceof ToDynamicDefinition d && d.getUri() != null) {
                // a dynamic URI is resolved per message; its component must exist already
                String uri = d.getUri();
                int colon = uri.indexOf(':');
                if (colon > 0 && !uri.substring(0, colon).contains("${") && !uri.contains("{{")) {
                    checkComponent(uri.substring(0, colon), where, problems);
                }
            } else if (step instanceof BeanDefinition b) {
                checkBean(b.getRef(), b.getMethod(), b.getBeanType(), where, problems);
            } else if (step instanceof ProcessDefinition p && p.getRef() != null) {
                checkBean(p.getRef(), null, null, where, problems);
            }
        }
    }

    private void checkUri(RouteDefinition route, String uri, String where, List<String> problems) {
        if (uri == null) {
            return;
        }
        String resolved;
        try {
            resolved = resolve(route, uri);
        } catch (RuntimeException e) {
            problems.add(where + uri + ": " + e.getMessage());
            return;
        }
        int colon = resolved.indexOf(':');
        if (colon <= 0) {
            problems.add(where + "端点 URI 无效 (not an endpoint URI): " + uri);
            return;
        }
        String scheme = resolved.substring(0, colon);
        Component component = checkComponent(scheme, where, problems);
        if (component == null) {
            return;
        }
        if ("bean".equals(scheme)) {
            String name = remainder(resolved);
            checkBean(name, null, null, where, problems);
        }
        try {
            // created to check its options, never registered nor started: no consumer runs
            component.createEndpoint(resolved);
        } catch (Exception e) {
            problems.add(where + "端点无法解析 (endpoint does not resolve) " + uri + ": " + e.getMessage());
        }
    }

    private Component checkComponent(String scheme, String where, List<String> problems) {
        Component component;
        try {
            component = camel.getComponent(scheme, true, true);
        } catch (RuntimeException e) {
            component = null;
        }
        if (component == null) {
            problems.add(
                    where + "未知组件 (unknown component) " + scheme + ": the hub has no Camel component of that name");
        }
        return component;
    }

    private void checkBean(String ref, String method, String type, String where, List<String> problems) {
        if (type != null) {
            if (camel.getClassResolver().resolveClass(type) == null) {
                problems.add(where + "类不存在 (no class) " + type);
            }
            return;
        }
        if (ref == null) {
            return;
        }
        Object bean = camel.getRegistry().lookupByName(ref);
        if (bean == null) {
            problems.add(where + "bean " + ref + " 不存在 (no bean named " + ref + ")");
            return;
        }
        if (method != null) {
            String name = method.contains("(")
                    ? method.substring(0, method.indexOf('(')).strip()
                    : method;
            if (Arrays.stream(bean.getClass().getMethods())
                    .noneMatch(m -> m.getName().equals(name))) {
                problems.add(
                        where + "bean " + ref + " 没有方法 " + name + " (bean " + ref + " has no method " + name + ")");
            }
        }
    }

    /**
     * Every {@code direct:} endpoint sent to must have a route reading it, after the change: in this file, or in
     * the others; and an endpoint that the hub's code sends to must stay.
     */
    private void checkDirectEndpoints(
            List<RouteDefinition> routes, List<RouteDefinition> others, Set<String> replaced, List<String> problems) {
        var consumed = new TreeSet<String>();
        routes.forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(consumed::add));
        others.forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(consumed::add));
        for (RouteDefinition route : routes) {
            for (String target : directTargets(route)) {
                if (!consumed.contains(target)) {
                    problems.add("路由 " + route.getRouteId() + " 发往 direct:" + target + "，但没有路由读取它 (route "
                            + route.getRouteId() + " sends to direct:" + target + ", which no route reads)");
                }
            }
        }
        for (RouteDefinition other : others) {
            for (String target : directTargets(other)) {
                if (!consumed.contains(target)) {
                    problems.add("direct:" + target + " 仍被路由 " + other.getRouteId() + " 使用 (route "
                            + other.getRouteId() + sourceOf(others, other.getRouteId()) + " still sends to direct:"
                            + target + ", which this file no longer provides)");
                }
            }
        }
        var before = new TreeSet<String>();
        camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .filter(r -> replaced.contains(r.getRouteId()))
                .forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(before::add));
        for (String required : requiredEndpoints) {
            direct(required)
                    .filter(before::contains)
                    .filter(t -> !consumed.contains(t))
                    .ifPresent(
                            t -> problems.add("direct:" + t + " 是中心自身代码使用的端点，不能移除 (the hub's own code sends to direct:"
                                    + t + "; a route must keep reading it)"));
        }
    }

    /** The {@code direct:} endpoint names a route sends to. */
    static Set<String> directTargets(RouteDefinition route) {
        var targets = new LinkedHashSet<String>();
        for (Object step : steps(route)) {
            if (step instanceof EndpointRequiredDefinition e) {
                direct(e.getEndpointUri()).ifPresent(targets::add);
            }
        }
        return targets;
    }

    static java.util.Optional<String> direct(String uri) {
        if (uri == null || !uri.startsWith("direct:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(remainder(uri));
    }

    private static String remainder(String uri) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    /** Every step of a route, nested ones (split, doTry and its doCatch, choice ...) included. */
    static List<Object> steps(RouteDefinition route) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        var steps = new ArrayList<Object>();
        collect(route.getOutputs(), seen, steps);
        return steps;
    }

    private static void collect(List<?> outputs, Set<Object> seen, List<Object> steps) {
        if (outputs == null) {
            return;
        }
        for (Object step : outputs) {
            if (!seen.add(step)) {
                continue;
            }
            steps.add(step);
            if (step instanceof OutputNode node) {
                collect(node.getOutputs(), seen, steps);
            } else if (step instanceof ProcessorDefinition<?> p) {
                collect(p.getOutputs(), seen, steps);
            }
            if (step instanceof TryDefinition t) {
                collect(t.getCatchClauses(), seen, steps);
                if (t.getFinallyClause() != null) {
                    collect(List.of(t.getFinallyClause()), seen, steps);
                }
            } else if (step instanceof ChoiceDefinition c) {
                collect(c.getWhenClauses(), seen, steps);
                collectBlock(c.getOtherwise(), seen, steps);
            } else if (step instanceof CircuitBreakerDefinition b) {
                collectBlock(b.getOnFallback(), seen, steps);
            }
        }
    }

    private static void collectBlock(OutputNode block, Set<Object> seen, List<Object> steps) {
        if (block != null) {
            collect(block.getOutputs(), seen, steps);
        }
    }

    /**
     * The order to stop routes in so that an exchange in flight can still reach the routes it sends to: a route that
     * sends to {@code direct:x} stops before the route that reads {@code direct:x}.
     */
    static List<String> stopOrder(List<RouteDefinition> routes) {
        Map<String, RouteDefinition> byDirect = new TreeMap<>();
        routes.forEach(r -> direct(r.getInput().getEndpointUri()).ifPresent(d -> byDirect.put(d, r)));
        var order = new ArrayList<String>();
        var visiting = new java.util.HashSet<String>();
        for (RouteDefinition route : routes) {
            visit(route, byDirect, order, visiting);
        }
        Collections.reverse(order);
        return order;
    }

    private static void visit(
            RouteDefinition route, Map<String, RouteDefinition> byDirect, List<String> order, Set<String> visiting) {
        String id = route.getRouteId();
        if (order.contains(id) || !visiting.add(id)) {
            return;
        }
        for (String target : directTargets(route)) {
            RouteDefinition next = byDirect.get(target);
            if (next != null) {
                visit(next, byDirect, order, visiting);
            }
        }
        order.add(id);
    }
}
