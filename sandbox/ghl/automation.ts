// Workflows, campaigns and users of each location, and what each contact has of them: workflow
// enrollments, campaign memberships and followers (the users who follow the contact).
import { createHash } from 'node:crypto';
import { randomId, uuid } from './random';

/** WorkflowSchema of workflows.json. */
export interface Workflow {
	id: string;
	name: string;
	/** "published" or "draft". */
	status: string;
	version: number;
	createdAt: string;
	updatedAt: string;
	locationId: string;
}

/** campaignsSchema of campaigns.json. */
export interface Campaign {
	id: string;
	name: string;
	status: string;
	locationId: string;
}

/** UserSchema of users.json, the fields a location's users list carries. */
export interface User {
	id: string;
	name: string;
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	extension: string;
	deleted: boolean;
	roles: { type: string; role: string; locationIds: string[]; restrictSubAccount: boolean };
}

export interface WorkflowEnrollment {
	workflowId: string;
	/** As the client sent it (ISO 8601 with an offset). */
	eventStartTime?: string;
	addedAt: string;
}

export interface CampaignMembership {
	campaignId: string;
	addedAt: string;
}

/** What the inspection API shows of a contact besides its record, tasks and notes. */
export interface ContactAutomation {
	workflows: WorkflowEnrollment[];
	campaigns: CampaignMembership[];
	/** User ids, in the order they started following. */
	followers: string[];
}

export type WorkflowInput = Pick<Workflow, 'locationId' | 'name'> & Partial<Workflow>;
export type CampaignInput = Pick<Campaign, 'locationId' | 'name'> & Partial<Campaign>;
export type UserInput = Pick<User, 'firstName' | 'lastName'> & Partial<Omit<User, 'roles'>> & { locationIds: string[]; role?: string };

interface Memberships {
	workflows: WorkflowEnrollment[];
	campaigns: CampaignMembership[];
	followers: string[];
}

/** What seeding gives every location: the names templates and the README refer to. */
const STANDARD_WORKFLOWS: Array<Pick<Workflow, 'name' | 'status'>> = [
	{ name: 'Course upsell', status: 'published' },
	{ name: 'Certificate follow-up', status: 'published' },
	{ name: 'Re-engagement', status: 'draft' },
];
const STANDARD_CAMPAIGNS: Array<Pick<Campaign, 'name' | 'status'>> = [
	{ name: 'Welcome sequence', status: 'published' },
	{ name: 'Webinar reminders', status: 'draft' },
];
/** The first is the sandbox tokens' user; the ids are those seeded tasks and notes are assigned to. */
const STANDARD_USERS: Array<Pick<User, 'id' | 'firstName' | 'lastName' | 'email'> & { role: string }> = [
	{ id: 'SandboxUser000000001', firstName: 'Olivia', lastName: 'Owner', email: 'olivia.owner@example.com', role: 'admin' },
	{ id: 'SandboxUser000000002', firstName: 'Adam', lastName: 'Admin', email: 'adam.admin@example.com', role: 'admin' },
	{ id: 'SandboxUser000000003', firstName: 'Uma', lastName: 'User', email: 'uma.user@example.com', role: 'user' },
];

/** A stable id from a location and a name, so seeded records keep their ids across restarts. */
function stableId(kind: string, locationId: string, name: string, length = 20): string {
	return createHash('sha256').update(`${kind}|${locationId}|${name}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, length);
}

function stableUuid(locationId: string, name: string): string {
	const hex = createHash('sha256').update(`workflow|${locationId}|${name}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class AutomationStore {
	private readonly workflows = new Map<string, Workflow>();
	private readonly campaigns = new Map<string, Campaign>();
	private readonly users = new Map<string, User>();
	private readonly memberships = new Map<string, Memberships>();

	constructor(private readonly nowIso: () => string) {}

	// --- the location's records ------------------------------------------------------------------

	addWorkflow(input: WorkflowInput): Workflow {
		const now = this.nowIso();
		const workflow: Workflow = { id: uuid(), status: 'published', version: 1, createdAt: now, updatedAt: now, ...input };
		this.workflows.set(workflow.id, workflow);
		return workflow;
	}

	/** A workflow of that location, or undefined (another location's is as good as unknown). */
	getWorkflow(locationId: string, id: string): Workflow | undefined {
		const workflow = this.workflows.get(id);
		return workflow?.locationId === locationId ? workflow : undefined;
	}

	listWorkflows(locationId: string): Workflow[] {
		return [...this.workflows.values()].filter((workflow) => workflow.locationId === locationId);
	}

	addCampaign(input: CampaignInput): Campaign {
		const campaign: Campaign = { id: randomId(), status: 'published', ...input };
		this.campaigns.set(campaign.id, campaign);
		return campaign;
	}

	getCampaign(locationId: string, id: string): Campaign | undefined {
		const campaign = this.campaigns.get(id);
		return campaign?.locationId === locationId ? campaign : undefined;
	}

	listCampaigns(locationId: string): Campaign[] {
		return [...this.campaigns.values()].filter((campaign) => campaign.locationId === locationId);
	}

	/** Adds a user, or gives an existing one (same id) access to more locations. */
	addUser(input: UserInput): User {
		const { locationIds, role, ...fields } = input;
		const existing = input.id ? this.users.get(input.id) : undefined;
		const user: User = existing
			? { ...existing, roles: { ...existing.roles, locationIds: [...new Set([...existing.roles.locationIds, ...locationIds])] } }
			: {
					id: randomId(),
					name: `${fields.firstName} ${fields.lastName}`,
					email: `${fields.firstName}.${fields.lastName}@example.com`.toLowerCase(),
					phone: '',
					extension: '',
					deleted: false,
					...fields,
					roles: { type: 'account', role: role ?? 'user', locationIds, restrictSubAccount: false },
				};
		this.users.set(user.id, user);
		return user;
	}

	getUser(locationId: string, id: string): User | undefined {
		const user = this.users.get(id);
		return user?.roles.locationIds.includes(locationId) ? user : undefined;
	}

	listUsers(locationId: string): User[] {
		return [...this.users.values()].filter((user) => user.roles.locationIds.includes(locationId));
	}

	/** The standard workflows, campaigns and users for a location, with stable ids; once per location. */
	seedStandard(locationId: string): void {
		for (const workflow of STANDARD_WORKFLOWS) {
			const id = stableUuid(locationId, workflow.name);
			if (!this.workflows.has(id)) this.addWorkflow({ ...workflow, id, locationId, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });
		}
		for (const campaign of STANDARD_CAMPAIGNS) {
			const id = stableId('campaign', locationId, campaign.name);
			if (!this.campaigns.has(id)) this.addCampaign({ ...campaign, id, locationId });
		}
		for (const { role, ...user } of STANDARD_USERS) this.addUser({ ...user, role, locationIds: [locationId] });
	}

	// --- what a contact has ----------------------------------------------------------------------

	/** A copy of the contact's enrollments, campaign memberships and followers. */
	of(contactId: string): ContactAutomation {
		const held = this.memberships.get(contactId);
		return {
			workflows: [...(held?.workflows ?? [])],
			campaigns: [...(held?.campaigns ?? [])],
			followers: [...(held?.followers ?? [])],
		};
	}

	/**
	 * HighLevel queues each add as an enrollment of its own; whether a workflow lets a contact in
	 * again is its own setting, which the sandbox does not model: every add is kept.
	 */
	enroll(contactId: string, workflowId: string, eventStartTime?: string): WorkflowEnrollment {
		const enrollment: WorkflowEnrollment = { workflowId, addedAt: this.nowIso(), ...(eventStartTime ? { eventStartTime } : {}) };
		this.held(contactId).workflows.push(enrollment);
		return enrollment;
	}

	/** Ends every enrollment of the contact in that workflow; how many there were. */
	unenroll(contactId: string, workflowId: string): number {
		const held = this.held(contactId);
		const before = held.workflows.length;
		held.workflows = held.workflows.filter((enrollment) => enrollment.workflowId !== workflowId);
		return before - held.workflows.length;
	}

	/** Campaigns, like workflows, keep every add. */
	addToCampaign(contactId: string, campaignId: string): CampaignMembership {
		const membership: CampaignMembership = { campaignId, addedAt: this.nowIso() };
		this.held(contactId).campaigns.push(membership);
		return membership;
	}

	removeFromCampaign(contactId: string, campaignId: string): number {
		const held = this.held(contactId);
		const before = held.campaigns.length;
		held.campaigns = held.campaigns.filter((membership) => membership.campaignId !== campaignId);
		return before - held.campaigns.length;
	}

	removeFromAllCampaigns(contactId: string): number {
		const held = this.held(contactId);
		const removed = held.campaigns.length;
		held.campaigns = [];
		return removed;
	}

	/** Followers are a set: returns all of them and those that were not there before. */
	addFollowers(contactId: string, userIds: readonly string[]): { followers: string[]; followersAdded: string[] } {
		const held = this.held(contactId);
		const followersAdded = [...new Set(userIds)].filter((id) => !held.followers.includes(id));
		held.followers = [...held.followers, ...followersAdded];
		return { followers: [...held.followers], followersAdded };
	}

	removeFollowers(contactId: string, userIds: readonly string[]): { followers: string[]; followersRemoved: string[] } {
		const held = this.held(contactId);
		const followersRemoved = held.followers.filter((id) => userIds.includes(id));
		held.followers = held.followers.filter((id) => !userIds.includes(id));
		return { followers: [...held.followers], followersRemoved };
	}

	/** A deleted contact leaves its workflows and campaigns and has no followers. */
	forget(contactId: string): void {
		this.memberships.delete(contactId);
	}

	private held(contactId: string): Memberships {
		let held = this.memberships.get(contactId);
		if (!held) this.memberships.set(contactId, (held = { workflows: [], campaigns: [], followers: [] }));
		return held;
	}
}
